/** The ranking the shopper chose: by the blend of both features, by ResNet50 embedding or by HSV histogram. */
export type SearchView = 'blend' | 'look' | 'colour';
