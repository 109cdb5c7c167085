/**
 * `rampart/testing`: helpers for testing an app built with Rampart (see docs/testing-your-app.md).
 */
export { testApp } from './test-app.js';
export type { TestApp, TestAppOptions, TestRequest, TestUser, TestUserOptions } from './test-app.js';
export { sampleRecord } from './sample-record.js';
export type { SampleOptions } from './sample-record.js';
export { standardWebhookHeaders } from './webhook-signature.js';
