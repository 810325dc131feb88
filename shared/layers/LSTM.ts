export { LSTM } from './recurrent';
