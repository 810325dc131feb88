export { SimpleRNN } from './recurrent';
