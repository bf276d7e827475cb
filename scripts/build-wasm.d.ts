/** Types of build-wasm.js for the test that checks the committed kernel bytes. */
export declare const WAT: string;
export declare function assembleKnn(): Promise<Buffer>;
