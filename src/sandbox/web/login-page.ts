/** The sandbox's login form, in English or French after the browser's Accept-Language. */

const TEXT = {
  en: {
    title: 'Log in',
    username: 'Username',
    password: 'Password',
    submit: 'Log in',
    failed: 'Wrong username or password.',
    intro: 'EDU sandbox: a DHIS2 training server.',
  },
  fr: {
    title: 'Connexion',
    username: "Nom d'utilisateur",
    password: 'Mot de passe',
    submit: 'Se connecter',
    failed: "Nom d'utilisateur ou mot de passe incorrect.",
    intro: 'Bac à sable EDU : un serveur DHIS2 de formation.',
  },
};

export type PageLanguage = keyof typeof TEXT;

export function languageOf(acceptLanguage: string | undefined): PageLanguage {
  return /^\s*fr\b/i.test(acceptLanguage ?? '') ? 'fr' : 'en';
}

/** The form posts j_username/j_password to the path DHIS2's Spring Security listens on. */
export function loginPage(lang: PageLanguage, failed: boolean): string {
  const t = TEXT[lang];
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t.title} - EDU sandbox</title>
<link rel="stylesheet" href="/web/style.css">
</head>
<body class="login">
<main>
<h1>${t.title}</h1>
<p>${t.intro}</p>
${failed ? `<p role="alert" class="error">${t.failed}</p>` : ''}
<form method="post" action="/dhis-web-commons-security/login.action">
<label for="j_username">${t.username}</label>
<input id="j_username" name="j_username" autocomplete="username" required autofocus>
<label for="j_password">${t.password}</label>
<input id="j_password" name="j_password" type="password" autocomplete="current-password" required>
<button type="submit">${t.submit}</button>
</form>
</main>
</body>
</html>
`;
}
