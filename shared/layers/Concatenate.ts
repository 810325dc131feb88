export { Concatenate } from './merge';
