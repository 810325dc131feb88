export { GRU } from './recurrent';
