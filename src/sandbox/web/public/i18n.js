// UI strings in the user's language (DHIS2's keyUiLocale); English is the fallback.

const STRINGS = {
  en: {
    appTitle: 'EDU sandbox',
    skipToContent: 'Skip to content',
    mainNav: 'Main',
    dashboards: 'Dashboards',
    dataEntry: 'Data entry',
    trainerView: 'Trainer view',
    logout: 'Log out',
    loading: 'Loading…',
    chooseDashboard: 'Dashboard',
    show: 'Show',
    noDashboards: 'No dashboards are shared with you.',
    noData: 'No data',
    showTable: 'Data table',
    legend: 'Legend',
    itemFailed: 'This item could not be loaded: {message}',
    unsupportedItem: 'Item type {type} is not shown here.',
    orgUnit: 'Organisation unit',
    dataSet: 'Data set',
    period: 'Period',
    noOrgUnits: 'You have no organisation units to enter data for.',
    noDataSets: 'No data set is assigned to this organisation unit.',
    openForm: 'Open form',
    yes: 'Yes',
    no: 'No',
    saving: 'Saving {field}…',
    saved: 'Saved {field}',
    saveFailed: 'Could not save {field}: {message}',
    invalidValue: '{field}: {message}',
    notInteger: 'must be a whole number of 0 or more',
    notNumber: 'must be a number',
    complete: 'Complete',
    incomplete: 'Mark incomplete',
    completed: 'This form is complete.',
    notCompleted: 'This form is not complete yet.',
    completing: 'Running validation and completing…',
    completeFailed: 'Could not complete the form: {message}',
    validationPassed: 'Validation passed: no rule is violated.',
    validationFailed: '{count} validation rule(s) violated:',
    violation: '{rule}: left side {left}, right side {right}',
    notCompletedBecauseInvalid:
      'The form was not completed: this data set can only be completed when validation passes.',
    trainees: 'Trainees',
    trainee: 'Trainee',
    schools: 'Schools',
    formsComplete: 'Forms complete',
    progressOf: '{done} of {total}',
    noTrainees: 'No trainees yet.',
    notAllowed: 'You do not have the authority to see this page.',
    section: 'Section',
    total: 'Total',
    value: 'Value',
  },
  fr: {
    appTitle: 'Bac à sable EDU',
    skipToContent: 'Aller au contenu',
    mainNav: 'Principal',
    dashboards: 'Tableaux de bord',
    dataEntry: 'Saisie des données',
    trainerView: 'Vue du formateur',
    logout: 'Se déconnecter',
    loading: 'Chargement…',
    chooseDashboard: 'Tableau de bord',
    show: 'Afficher',
    noDashboards: "Aucun tableau de bord n'est partagé avec vous.",
    noData: 'Aucune donnée',
    showTable: 'Tableau des données',
    legend: 'Légende',
    itemFailed: "Cet élément n'a pas pu être chargé : {message}",
    unsupportedItem: 'Les éléments de type {type} ne sont pas affichés ici.',
    orgUnit: "Unité d'organisation",
    dataSet: 'Ensemble de données',
    period: 'Période',
    noOrgUnits: "Vous n'avez aucune unité d'organisation pour la saisie.",
    noDataSets: "Aucun ensemble de données n'est attribué à cette unité d'organisation.",
    openForm: 'Ouvrir le formulaire',
    yes: 'Oui',
    no: 'Non',
    saving: 'Enregistrement de {field}…',
    saved: '{field} enregistré',
    saveFailed: "Impossible d'enregistrer {field} : {message}",
    invalidValue: '{field} : {message}',
    notInteger: 'doit être un nombre entier positif ou nul',
    notNumber: 'doit être un nombre',
    complete: 'Terminer',
    incomplete: 'Marquer comme incomplet',
    completed: 'Ce formulaire est terminé.',
    notCompleted: "Ce formulaire n'est pas encore terminé.",
    completing: 'Validation et finalisation…',
    completeFailed: 'Impossible de terminer le formulaire : {message}',
    validationPassed: "Validation réussie : aucune règle n'est enfreinte.",
    validationFailed: '{count} règle(s) de validation enfreinte(s) :',
    violation: '{rule} : côté gauche {left}, côté droit {right}',
    notCompletedBecauseInvalid:
      "Le formulaire n'a pas été terminé : cet ensemble de données ne peut être terminé que si la validation réussit.",
    trainees: 'Stagiaires',
    trainee: 'Stagiaire',
    schools: 'Écoles',
    formsComplete: 'Formulaires terminés',
    progressOf: '{done} sur {total}',
    noTrainees: "Aucun stagiaire pour l'instant.",
    notAllowed: "Vous n'avez pas l'autorité nécessaire pour voir cette page.",
    section: 'Section',
    total: 'Total',
    value: 'Valeur',
  },
};

let locale = 'en';

export function setLocale(uiLocale) {
  locale = String(uiLocale || 'en')
    .toLowerCase()
    .startsWith('fr')
    ? 'fr'
    : 'en';
  document.documentElement.lang = locale;
  return locale;
}

export const currentLocale = () => locale;

export function t(key, vars = {}) {
  const text = STRINGS[locale][key] ?? STRINGS.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? ''));
}

export function formatNumber(value) {
  const n = Number(value);
  return Number.isFinite(n)
    ? new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(n)
    : String(value);
}

/** Translates the static shell (data-i18n attributes). */
export function translateShell(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-aria-label]'))
    el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
  document.title = t('appTitle');
}
