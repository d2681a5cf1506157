// Entry of the lazily loaded AWS bundle (dist/aws.js).
export {};
