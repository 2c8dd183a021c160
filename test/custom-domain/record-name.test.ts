/**
 * Route 53's normalized record names (the value of the IAM condition key
 * route53:ChangeResourceRecordSetsNormalizedRecordNames), as the custom domains' zone policy
 * lists them and the emulator's IAM check computes them from a request.
 */
import { normalizeRecordName } from '../../src/private/record-name';
import { normalizeRecordName as emulatorNormalize } from '../emulator/server';

describe.each([
  ['library (src/private/record-name.ts)', normalizeRecordName],
  ['emulator (test/emulator/server.ts)', emulatorNormalize],
])('%s', (_name, normalize) => {
  test.each([
    ['api.example.com', 'api.example.com'],
    ['API.Example.COM.', 'api.example.com'],
    ['_1aaaa.www.api.example.com.', '_1aaaa.www.api.example.com'],
    ['my-host_1.example.com', 'my-host_1.example.com'],
    // a wildcard, written or escaped: Route 53 puts \052 in the condition key
    ['*.example.com', '\\052.example.com'],
    ['\\052.example.com.', '\\052.example.com'],
    // other characters outside a-z 0-9 - _ and the dots between labels: their 3-digit octal code
    ['a b.example.com', 'a\\040b.example.com'],
    ['a/b.example.com', 'a\\057b.example.com'],
    ['a\\b.example.com', 'a\\134b.example.com'],
    ['~.example.com', '\\176.example.com'],
    // an escaped letter is the letter (in lower case); an escaped dot stays one inside a label
    ['\\101pi.example.com', 'api.example.com'],
    ['a\\056b.example.com', 'a\\056b.example.com'],
    ['.', ''],
  ])('%j → %j', (input, expected) => {
    expect(normalize(input)).toBe(expected);
  });
});
