// PLACEHOLDER (scaffolding, replaced by the existing-substrate work).
import { createAwsSubstrate } from "../aws/awsSubstrate";
export const createExistingSubstrate = createAwsSubstrate;
