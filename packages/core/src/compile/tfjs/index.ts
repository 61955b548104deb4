// The tfjs compile backend (DESIGN §5): batched log-density and gradient with TensorFlow.js.
export { initTfjs, selectedBackend, type TfjsBackendName, type TfjsInitOptions } from './backend.js';
export { compileTfjs, type TfjsCompiledModel, type TfjsCompileOptions } from './compile.js';
