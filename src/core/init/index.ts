export {
  DEFAULT_ORG_UNIT_LEVELS,
  draftProfile,
  officialOrFail,
  renderProfileYaml,
  type LevelNotes,
  type ProfileAnswers,
} from './draft-profile.js';
export { readServerStructure, type ServerStructure } from './server-structure.js';
export { writeConfigTarget } from './project-config.js';
