/** The ranking the shopper chose: by ResNet50 embedding or by HSV histogram. */
export type SearchView = 'look' | 'colour';
