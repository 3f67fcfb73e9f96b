import type { CatalogProduct } from '../catalog/manifest';
import { cropRgba, type CropRect } from '../features/crop';
import { describeProductColour } from '../features/product-colour';
import { prepareFeatureInputs } from '../features/preprocess';
import type { RgbaImage } from '../features/rgba-image';
import { toStoredVector } from '../features/stored-space';
import { DEFAULT_COLOUR_WEIGHT, type LabelPart } from '../search/blend';
import { isNearCopy } from '../search/exact-match';
import { filterMask, type Filters } from '../search/facets';
import type { MatchedItem, QueryVectors, RankedViews } from '../search/rank-views';
import { decodeQueryImage } from './decode-query';
import { describeError } from './describe-error';
import { sha256Hex } from './fetch-file';
import type { LoadedCatalog } from './load-catalog';
import type { LookModel } from './look-model.svelte';
import { Ranker } from './ranker';
import type { SearchView } from './search-view';

export const RESULT_COUNT = 24;

/** The shopper's query: a photo of their own, or a catalog product ("More like this"). */
export type Query =
  | { kind: 'photo'; url: string; width: number; height: number; crop?: CropRect }
  | { kind: 'product'; index: number; product: CatalogProduct; thumbnailUrl: string };

/** The catalog product the query photo is a copy of, found by file hash or by similarity. */
export interface ExactMatch {
  index: number;
  by: 'photo-hash' | 'similarity';
}

/** Milliseconds spent in each step of the last search. A step that did not run is missing. */
export interface Timings {
  decode?: number;
  hsv?: number;
  embed?: number;
  rank?: number;
}

export interface ShownResult {
  product: CatalogProduct;
  item: MatchedItem;
  exact: boolean;
}

/** Waits until the browser has painted, so results show before inference takes the CPU or GPU. */
function nextPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
}

/**
 * The search flow and its state: the query, its feature vectors, the
 * rankings of the three views and the shopper's filters and colour weight.
 * A new search aborts the one running. Changing the filters, the weight or
 * the view reranks with the stored query vectors and runs no inference.
 */
export class SearchSession {
  query = $state<Query>();
  views = $state.raw<RankedViews>();
  /** The view the shopper chose. `shownView` falls back to colour until look results exist. */
  view = $state<SearchView>('blend');
  colourWeight = $state(DEFAULT_COLOUR_WEIGHT);
  filters = $state<Filters>({});
  lookPending = $state(false);
  exactMatch = $state<ExactMatch>();
  timings = $state<Timings>({});
  searchCount = $state(0);
  error = $state<string>();
  /** A short note about the last action, such as an ignored crop. */
  note = $state<string>();
  /** Dominant colours of the query's product as `#rrggbb`, most common first. */
  queryColours = $state<string[]>([]);

  /** Raw vectors of the last photo query, before projection, for the parity test. */
  rawVectors: { colour?: Float32Array; look?: Float32Array } = {};

  private catalog?: LoadedCatalog;
  private ranker?: Ranker;
  private rowByPhoto = new Map<string, number>();
  private resolveReady!: () => void;
  /** Resolves once the catalog is in the ranking worker; searches started earlier wait for it. */
  private readonly ready = new Promise<void>((resolve) => (this.resolveReady = resolve));

  private decoded?: RgbaImage;
  private photoRow?: number;
  private vectors?: QueryVectors;
  private excluded?: number;
  private mask?: Uint8Array;
  private controller?: AbortController;
  private rankSequence = 0;

  constructor(private readonly model: LookModel) {}

  get shownView(): SearchView {
    return this.view !== 'colour' && !this.views?.look ? 'colour' : this.view;
  }

  get results(): ShownResult[] {
    const items = this.views?.[this.shownView];
    if (!this.catalog || !items) return [];
    const exactRow = this.views?.pinned ? this.exactMatch?.index : undefined;
    return items.map((item, rank) => ({
      product: this.catalog!.products[item.index],
      item,
      exact: rank === 0 && item.index === exactRow,
    }));
  }

  /** Hands the loaded catalog to the session and moves its feature matrices to the ranking worker. */
  attach(catalog: LoadedCatalog): void {
    this.catalog = catalog;
    this.rowByPhoto = new Map(catalog.products.map((product, row) => [product.photo, row]));
    this.ranker = new Ranker(catalog.colour, catalog.look);
    this.mask = filterMask(catalog.products, this.filters);
    this.resolveReady();
  }

  showError(reason: unknown): void {
    const message = describeError(reason);
    if (message) this.error = message;
  }

  /** Searches with a photo file: decodes it once, then ranks by colour at once and by look when the embedding is done. */
  async searchPhoto(file: Blob): Promise<void> {
    // Decode first: a file that is not an image must not cancel the search already running.
    const started = performance.now();
    let decoded: RgbaImage;
    try {
      decoded = await decodeQueryImage(file);
    } catch (reason) {
      const message = describeError(reason);
      if (message) this.error = this.query ? `${message} The results below are still those of your previous photo.` : message;
      return;
    }
    const decodeMs = performance.now() - started;

    const controller = this.begin();
    try {
      await this.ready;
      const hash = await sha256Hex(await file.arrayBuffer());
      if (controller.signal.aborted) return;

      if (this.query?.kind === 'photo') URL.revokeObjectURL(this.query.url);
      this.query = { kind: 'photo', url: URL.createObjectURL(file), width: decoded.width, height: decoded.height };
      this.decoded = decoded;
      this.photoRow = this.rowByPhoto.get(hash);
      this.excluded = undefined;
      await this.searchImage(decoded, controller, decodeMs);
    } catch (reason) {
      this.showError(reason);
    } finally {
      this.end(controller);
    }
  }

  /**
   * Searches the region `rect` (image pixels) of the current photo, or the
   * whole photo when `rect` is undefined, reusing the decoded pixels.
   */
  async crop(rect: CropRect | undefined): Promise<void> {
    const query = this.query;
    if (query?.kind !== 'photo' || !this.decoded) return;

    const controller = this.begin();
    try {
      const image = rect ? cropRgba(this.decoded, rect) : this.decoded;
      this.query = { ...query, crop: rect };
      await this.searchImage(image, controller);
    } catch (reason) {
      this.showError(reason);
    } finally {
      this.end(controller);
    }
  }

  /** Searches with a catalog product's stored vectors ("More like this"): no decoding, no inference. */
  async searchProduct(row: number): Promise<void> {
    const controller = this.begin();
    try {
      await this.ready;
      const started = performance.now();
      const vectors = await this.ranker!.storedQuery(row);
      if (controller.signal.aborted) return;

      const product = this.catalog!.products[row];
      if (this.query?.kind === 'photo') URL.revokeObjectURL(this.query.url);
      this.query = { kind: 'product', index: row, product, thumbnailUrl: new URL(product.thumbnail, this.catalog!.baseUrl).href };
      this.decoded = undefined;
      this.photoRow = undefined;
      this.rawVectors = {};
      this.queryColours = product.colours;
      this.vectors = vectors;
      this.excluded = row;
      this.exactMatch = undefined;
      await this.rerank(controller);
      this.timings = { rank: performance.now() - started };
    } catch (reason) {
      this.showError(reason);
    } finally {
      this.end(controller);
    }
  }

  setFilters(filters: Filters): void {
    this.filters = filters;
    if (this.catalog) this.mask = filterMask(this.catalog.products, filters);
    void this.rerank();
  }

  setColourWeight(weight: number): void {
    this.colourWeight = weight;
    void this.rerank();
  }

  dispose(): void {
    this.controller?.abort();
    this.ranker?.dispose();
    if (this.query?.kind === 'photo') URL.revokeObjectURL(this.query.url);
  }

  private begin(): AbortController {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.error = undefined;
    this.note = undefined;
    this.timings = {};
    this.searchCount++;
    return controller;
  }

  private end(controller: AbortController): void {
    if (this.controller === controller) this.lookPending = false;
  }

  /** Computes both features of a decoded (maybe cropped) photo and ranks after each. A crop has no `decodeMs`. */
  private async searchImage(image: RgbaImage, controller: AbortController, decodeMs?: number): Promise<void> {
    const { spaces } = this.catalog!;
    const hsvStarted = performance.now();
    const inputs = prepareFeatureInputs(image);
    const { histogram: colour, dominant } = describeProductColour(inputs.colour);
    this.queryColours = dominant;
    const hsvMs = performance.now() - hsvStarted;

    this.rawVectors = { colour };
    this.vectors = { colour: toStoredVector(spaces.colour, colour) };
    // The file hash identifies only the whole photo, because a crop is another image.
    const hashRow = this.query?.kind === 'photo' && !this.query.crop ? this.photoRow : undefined;
    this.exactMatch = hashRow === undefined ? undefined : { index: hashRow, by: 'photo-hash' };
    this.lookPending = this.model.usable;
    await this.rerank(controller);
    if (controller.signal.aborted) return;
    this.timings = { decode: decodeMs, hsv: hsvMs };
    if (!this.model.usable) {
      if (this.view !== 'colour' && this.model.phase === 'failed') this.view = 'colour';
      return;
    }

    await nextPaint();
    if (controller.signal.aborted) return;
    const embedStarted = performance.now();
    const look = await this.model.embed(inputs.embedding, controller.signal);
    const rankStarted = performance.now();
    this.rawVectors = { colour, look };
    this.vectors = { ...this.vectors, look: toStoredVector(spaces.look, look) };
    await this.rerank(controller);

    const top = this.views?.blend?.[0];
    if (!this.exactMatch && top && isNearCopy(top)) {
      this.exactMatch = { index: top.index, by: 'similarity' };
      await this.rerank(controller);
    }
    if (controller.signal.aborted) return;
    this.timings = { ...this.timings, embed: rankStarted - embedStarted, rank: performance.now() - rankStarted };
  }

  /** Returns the look vectors' label part as the catalog stores it, or undefined when it has no article-type head. */
  private lookLabels(): LabelPart | undefined {
    const head = this.catalog?.spaces.look.labelHead;
    return head && { labels: head.labels.length, share: head.labelShare };
  }

  /**
   * Ranks the current query vectors under the current filters and weight.
   * Only the latest call's result is kept, so quick slider moves cannot
   * show an older ranking last.
   */
  private async rerank(controller?: AbortController): Promise<void> {
    if (!this.vectors || !this.ranker) return;
    const sequence = ++this.rankSequence;
    // Filters win over the exact match: a pinned product the filters reject is left out.
    const views = await this.ranker.rank({
      query: this.vectors,
      k: RESULT_COUNT,
      colourWeight: this.colourWeight,
      allowed: this.mask,
      exclude: this.excluded,
      pin: this.exactMatch?.index,
      lookLabels: this.lookLabels(),
    });
    if (sequence !== this.rankSequence || controller?.signal.aborted) return;
    this.views = views;
  }
}
