import type { DataValueImportCount, Dhis2Client } from '../../dhis2/index.js';
import type { DataValue } from './sample-data.js';

export type { DataValueImportCount } from '../../dhis2/index.js';

/** Sends one batch of data values; provisioning takes it injected so it stays free of HTTP. */
export type SendDataValues = (values: readonly DataValue[]) => Promise<DataValueImportCount>;

/** Data values go through the one DHIS2 client: its retries, timeouts, transport checks and redaction. */
export function createDataValueSender(client: Dhis2Client): SendDataValues {
  return (values) => client.importDataValues(values);
}
