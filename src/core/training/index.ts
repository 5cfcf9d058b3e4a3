/** Training sessions: trainee accounts, and sample data that passes the packages' validation rules. */
export { generatePassword } from './passwords.js';
export {
  createTrainingUsers,
  findDataCaptureGroups,
  trainingUsersPayload,
  trainingUsersCsv,
  TRAINEE_ROLE_ID,
  type TrainingUser,
  type TrainingAccess,
} from './training-users.js';
export {
  buildSampleDataModel,
  type SampleDataModel,
  type SampleDataSet,
  type SampleDataElement,
  type SampleValidationRule,
} from './sample-data-model.js';
export {
  generateSampleData,
  type SampleData,
  type DataValue,
  type SampleAssignment,
  type RuleSummary,
} from './sample-data.js';
export { sampleGroupMembership } from './sample-groups.js';
export {
  sampleRegistrations,
  type CompleteRegistration,
  type SampleRegistrationOptions,
} from './sample-registrations.js';
export { provisionTraining, type ProvisionRequest, type ProvisionResult } from './provision.js';
export {
  createDataValueSender,
  type SendDataValues,
  type DataValueImportCount,
} from './data-value-transport.js';
export type { LevelStructure } from './sample-values.js';
