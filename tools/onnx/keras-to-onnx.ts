/**
 * Converts a tfjs layers model of a Keras 2 convolutional network (such as
 * ResNet50 cut at `avg_pool`) into an ONNX model for onnxruntime.
 *
 * Usage: npx tsx tools/onnx/keras-to-onnx.ts MODEL_DIR OUT.onnx [--input-layout nhwc|nchw]
 *
 * The ONNX graph computes in NCHW. With `--input-layout nhwc` (the default)
 * it takes the same NHWC input as the Keras model and starts with a
 * Transpose. With `nchw` the caller passes planar input and no Transpose is
 * added. BatchNormalization is folded into the preceding Conv2D where that
 * Conv2D has no activation and no other consumer. ZeroPadding2D is folded
 * into the `pads` of the Conv or MaxPool that reads it, and becomes a Pad
 * node before any other layer.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { threadId } from 'node:worker_threads';
import {
  asPair,
  batchNormParams,
  inboundRefs,
  readInputShape,
  readModelFolder,
  zeroPaddingPads,
  type LayerJson,
  type ModelConfig,
  type ModelJson,
  type WeightMap,
} from './keras-model';
import { foldBatchNorm, kernelToOihw, windowPads, zeroPaddingMask } from './layer-math';
import {
  encodeModel,
  floatAttribute,
  floatTensor,
  floatValueInfo,
  intAttribute,
  int64Tensor,
  intsAttribute,
  type AttributeProto,
  type Dimension,
  type ModelProto,
  type NodeProto,
  type TensorProto,
} from './onnx-proto';

/** IR version and default-domain opset of the output, checked with onnxruntime-node 1.31.1. */
const IR_VERSION = 8;
const OPSET_VERSION = 17;

export type InputLayout = 'nhwc' | 'nchw';

/** An ONNX tensor produced so far, with its NCHW shape without the batch dimension. */
interface GraphValue {
  name: string;
  channels: number;
  height: number;
  width: number;
  /** True when every element is >= 0 (a ReLU output), so zero padding cannot win a max. */
  nonNegative: boolean;
}

/** A ZeroPadding2D not yet emitted, so its consumer can fold it into its own `pads`. */
interface PendingPad {
  source: GraphValue;
  /** ONNX order: [top, left, bottom, right]. */
  pads: [number, number, number, number];
}

/** Builder of the ONNX graph, layer by layer. One instance converts one model. */
class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private readonly values = new Map<string, GraphValue>();
  private readonly pendingPads = new Map<string, PendingPad>();
  private readonly materializedPads = new Map<string, GraphValue>();
  private readonly consumers = new Map<string, LayerJson[]>();
  /** BatchNormalization layers already folded into their Conv2D. */
  private readonly foldedLayers = new Set<string>();
  foldedBatchNorms = 0;
  foldedPaddings = 0;

  constructor(config: ModelConfig, private readonly weights: WeightMap) {
    for (const layer of config.layers) {
      for (const ref of inboundRefs(layer)) {
        const list = this.consumers.get(ref[0]) ?? [];
        list.push(layer);
        this.consumers.set(ref[0], list);
      }
    }
  }

  setInput(layerName: string, value: GraphValue): void {
    this.values.set(layerName, value);
  }

  output(layerName: string): GraphValue {
    const value = this.values.get(layerName);
    if (!value) throw new Error(`Output layer ${layerName} was never computed.`);
    return value;
  }

  addNode(opType: string, name: string, input: string[], output: string[], attribute: AttributeProto[] = []): void {
    this.nodes.push({ name, opType, input, output, attribute });
  }

  convertLayer(layer: LayerJson): void {
    if (this.foldedLayers.has(layer.name)) return;

    switch (layer.class_name) {
      case 'InputLayer':
        return;
      case 'ZeroPadding2D':
        return this.convertZeroPadding(layer);
      case 'Conv2D':
        return this.convertConv(layer);
      case 'BatchNormalization':
        return this.convertBatchNorm(layer);
      case 'Activation':
        return this.convertActivation(layer);
      case 'MaxPooling2D':
        return this.convertMaxPool(layer);
      case 'Add':
        return this.convertAdd(layer);
      case 'GlobalAveragePooling2D':
        return this.convertGlobalAveragePool(layer);
      default:
        throw new Error(`Layer ${layer.name} is a ${layer.class_name}, which this converter does not support.`);
    }
  }

  /** Returns the input tensor of a layer, emitting a deferred ZeroPadding2D as a Pad node if needed. */
  private input(layer: LayerJson, index = 0): GraphValue {
    const ref = inboundRefs(layer)[index];
    if (!ref) throw new Error(`Layer ${layer.name} has no input ${index}.`);
    const pending = this.pendingPads.get(ref[0]);
    if (pending) return this.materializePad(ref[0], pending);
    const value = this.values.get(ref[0]);
    if (!value) throw new Error(`Layer ${layer.name} reads ${ref[0]}, which is not computed before it. Layers must be in topological order.`);
    return value;
  }

  /**
   * Returns the input of a Conv or MaxPool without a deferred ZeroPadding2D,
   * and that zero padding for the caller to fold into its `pads`.
   */
  private unpaddedInput(layer: LayerJson): { value: GraphValue; zeroPads: [number, number, number, number] } {
    const ref = inboundRefs(layer)[0];
    const pending = ref && this.pendingPads.get(ref[0]);
    if (pending) {
      this.foldedPaddings++;
      return { value: pending.source, zeroPads: pending.pads };
    }
    return { value: this.input(layer), zeroPads: [0, 0, 0, 0] };
  }

  private materializePad(layerName: string, pending: PendingPad): GraphValue {
    const existing = this.materializedPads.get(layerName);
    if (existing) return existing;

    const [top, left, bottom, right] = pending.pads;
    const padsName = `${layerName}/pads`;
    this.initializers.push(int64Tensor(padsName, [0, 0, top, left, 0, 0, bottom, right]));
    this.addNode('Pad', layerName, [pending.source.name, padsName], [layerName], []);

    const value: GraphValue = {
      name: layerName,
      channels: pending.source.channels,
      height: pending.source.height + top + bottom,
      width: pending.source.width + left + right,
      nonNegative: pending.source.nonNegative,
    };
    this.materializedPads.set(layerName, value);
    return value;
  }

  private convertZeroPadding(layer: LayerJson): void {
    if (layer.config.data_format !== undefined && layer.config.data_format !== 'channels_last') {
      throw new Error(`ZeroPadding2D ${layer.name} uses ${layer.config.data_format}. Only channels_last is supported.`);
    }
    this.pendingPads.set(layer.name, { source: this.input(layer), pads: zeroPaddingPads(layer.config.padding) });
  }

  private convertConv(layer: LayerJson): void {
    const config = layer.config;
    if (config.data_format !== undefined && config.data_format !== 'channels_last') {
      throw new Error(`Conv2D ${layer.name} uses ${config.data_format}. Only channels_last is supported.`);
    }
    const dilations = asPair(config.dilation_rate ?? 1, `dilation_rate of ${layer.name}`);
    const groups = typeof config.groups === 'number' ? config.groups : 1;
    if (groups !== 1) throw new Error(`Conv2D ${layer.name} has groups=${groups}. Only 1 is supported.`);

    // Zero padding before a convolution is always the same as Conv pads.
    const { value: source, zeroPads: extraPads } = this.unpaddedInput(layer);
    const kernelSize = asPair(config.kernel_size, `kernel_size of ${layer.name}`);
    const strides = asPair(config.strides ?? 1, `strides of ${layer.name}`);
    const effectiveKernel: [number, number] = [
      (kernelSize[0] - 1) * dilations[0] + 1,
      (kernelSize[1] - 1) * dilations[1] + 1,
    ];
    const padded = {
      height: source.height + extraPads[0] + extraPads[2],
      width: source.width + extraPads[1] + extraPads[3],
    };
    const window = windowPads(String(config.padding), padded, effectiveKernel, strides);
    const pads = window.pads.map((pad, i) => pad + extraPads[i]);

    const kernel = this.weights.get(`${layer.name}/kernel`);
    if (!kernel) throw new Error(`Weight ${layer.name}/kernel is missing.`);
    const [kh, kw, inChannels, outChannels] = kernel.shape;
    if (kh !== kernelSize[0] || kw !== kernelSize[1] || inChannels !== source.channels) {
      throw new Error(`Weight ${layer.name}/kernel has shape [${kernel.shape.join(', ')}], expected [${kernelSize.join(', ')}, ${source.channels}, filters].`);
    }

    let weightsOihw = kernelToOihw(kernel.values, kernel.shape);
    let bias = config.use_bias === false
      ? new Float32Array(outChannels)
      : this.weights.get(`${layer.name}/bias`)?.values;
    if (!bias) throw new Error(`Weight ${layer.name}/bias is missing.`);

    const activation = String(config.activation ?? 'linear');
    let outputName = layer.name;
    const next = this.consumers.get(layer.name) ?? [];
    if (activation === 'linear' && next.length === 1 && next[0].class_name === 'BatchNormalization') {
      const batchNorm = next[0];
      ({ weights: weightsOihw, bias } = foldBatchNorm(weightsOihw, bias, batchNormParams(batchNorm, this.weights, outChannels)));
      this.foldedLayers.add(batchNorm.name);
      this.foldedBatchNorms++;
      outputName = batchNorm.name;
    }

    const weightName = `${layer.name}/kernel`;
    const biasName = `${layer.name}/bias`;
    this.initializers.push(floatTensor(weightName, [outChannels, inChannels, kh, kw], weightsOihw));
    this.initializers.push(floatTensor(biasName, [outChannels], bias));

    const convOutput = activation === 'linear' ? outputName : `${layer.name}/conv`;
    this.addNode('Conv', layer.name, [source.name, weightName, biasName], [convOutput], [
      intsAttribute('kernel_shape', kernelSize),
      intsAttribute('strides', strides),
      intsAttribute('dilations', dilations),
      intsAttribute('pads', pads),
      intAttribute('group', 1),
    ]);
    const shape = { channels: outChannels, height: window.height, width: window.width };
    if (activation !== 'linear') {
      this.emitActivation(activation, `${layer.name}/${activation}`, convOutput, outputName, layer.name);
    }
    this.values.set(outputName, { name: outputName, ...shape, nonNegative: activation === 'relu' });
  }

  /** Emits a stand-alone BatchNormalization, for one that no Conv2D could absorb. */
  private convertBatchNorm(layer: LayerJson): void {
    const source = this.input(layer);
    const params = batchNormParams(layer, this.weights, source.channels);
    const names = ['gamma', 'beta', 'moving_mean', 'moving_variance'].map((name) => `${layer.name}/${name}`);
    [params.gamma, params.beta, params.mean, params.variance].forEach((values, i) => {
      this.initializers.push(floatTensor(names[i], [source.channels], values));
    });
    this.addNode('BatchNormalization', layer.name, [source.name, ...names], [layer.name], [
      floatAttribute('epsilon', params.epsilon),
    ]);
    this.values.set(layer.name, { ...source, name: layer.name, nonNegative: false });
  }

  private convertActivation(layer: LayerJson): void {
    const source = this.input(layer);
    const activation = String(layer.config.activation);
    this.emitActivation(activation, layer.name, source.name, layer.name, layer.name);
    this.values.set(layer.name, { ...source, name: layer.name, nonNegative: activation === 'relu' || (activation === 'linear' && source.nonNegative) });
  }

  private emitActivation(activation: string, nodeName: string, input: string, output: string, layerName: string): void {
    if (activation === 'relu') {
      this.addNode('Relu', nodeName, [input], [output]);
    } else if (activation === 'linear') {
      this.addNode('Identity', nodeName, [input], [output]);
    } else {
      throw new Error(`Layer ${layerName} uses activation '${activation}'. Only 'relu' and 'linear' are supported.`);
    }
  }

  private convertMaxPool(layer: LayerJson): void {
    const config = layer.config;
    if (config.data_format !== undefined && config.data_format !== 'channels_last') {
      throw new Error(`MaxPooling2D ${layer.name} uses ${config.data_format}. Only channels_last is supported.`);
    }
    const { value: source, zeroPads } = this.unpaddedInput(layer);
    const poolSize = asPair(config.pool_size, `pool_size of ${layer.name}`);
    const strides = asPair(config.strides ?? config.pool_size, `strides of ${layer.name}`);
    const padded = {
      height: source.height + zeroPads[0] + zeroPads[2],
      width: source.width + zeroPads[1] + zeroPads[3],
    };
    // Keras 'same' pooling ignores its padded cells, like ONNX MaxPool pads.
    const window = windowPads(String(config.padding), padded, poolSize, strides);
    const pads = window.pads.map((pad, i) => pad + zeroPads[i]);

    // ONNX MaxPool ignores padded cells, but a zero from ZeroPadding2D wins the max where a window has only
    // negative values. So unless the input is known to be >= 0, a Max with a mask restores those zeros.
    // A Pad node before the MaxPool would be simpler, but onnxruntime 1.31.1 fuses it into the MaxPool
    // (PadFusion at optimization level 'basic'), which drops the zeros.
    const needsZeroMask = !source.nonNegative && zeroPads.some((pad) => pad > 0);
    const poolOutput = needsZeroMask ? `${layer.name}/pool` : layer.name;
    this.addNode('MaxPool', needsZeroMask ? poolOutput : layer.name, [source.name], [poolOutput], [
      intsAttribute('kernel_shape', poolSize),
      intsAttribute('strides', strides),
      intsAttribute('pads', pads),
    ]);

    if (needsZeroMask) {
      if (zeroPads.some((pad, i) => pad >= poolSize[i % 2])) {
        throw new Error(`MaxPooling2D ${layer.name} reads zero padding ${JSON.stringify(zeroPads)} on signed input. Padding as wide as the pool ${JSON.stringify(poolSize)} is not supported there.`);
      }
      const maskName = `${layer.name}/zero_padding_mask`;
      const mask = zeroPaddingMask(source, zeroPads, window, poolSize, strides);
      this.initializers.push(floatTensor(maskName, [1, 1, window.height, window.width], mask));
      this.addNode('Max', layer.name, [poolOutput, maskName], [layer.name]);
    }

    this.values.set(layer.name, {
      name: layer.name,
      channels: source.channels,
      height: window.height,
      width: window.width,
      nonNegative: source.nonNegative,
    });
  }

  private convertAdd(layer: LayerJson): void {
    const count = inboundRefs(layer).length;
    if (count < 2) throw new Error(`Add ${layer.name} has ${count} input, expected at least 2.`);
    const inputs = Array.from({ length: count }, (_, i) => this.input(layer, i));
    for (const value of inputs) {
      if (value.channels !== inputs[0].channels || value.height !== inputs[0].height || value.width !== inputs[0].width) {
        const shapes = inputs.map((input) => `${input.name} [${input.channels}, ${input.height}, ${input.width}]`).join(', ');
        throw new Error(`Add ${layer.name} has inputs of different shapes (NCHW without batch): ${shapes}.`);
      }
    }

    // ONNX Add takes two inputs, so a Keras Add of n tensors becomes a chain of n - 1 nodes.
    let sum = inputs[0].name;
    for (let i = 1; i < count; i++) {
      const output = i === count - 1 ? layer.name : `${layer.name}/sum${i}`;
      this.addNode('Add', i === count - 1 ? layer.name : output, [sum, inputs[i].name], [output]);
      sum = output;
    }
    this.values.set(layer.name, { ...inputs[0], name: layer.name, nonNegative: inputs.every((value) => value.nonNegative) });
  }

  private convertGlobalAveragePool(layer: LayerJson): void {
    if (layer.config.keepdims === true) {
      throw new Error(`GlobalAveragePooling2D ${layer.name} has keepdims=true, which is not supported.`);
    }
    const source = this.input(layer);
    const pooled = `${layer.name}/pooled`;
    this.addNode('GlobalAveragePool', pooled, [source.name], [pooled]);
    // Keras returns [batch, channels], ONNX [batch, channels, 1, 1].
    this.addNode('Flatten', layer.name, [pooled], [layer.name], [intAttribute('axis', 1)]);
    this.values.set(layer.name, { name: layer.name, channels: source.channels, height: 1, width: 1, nonNegative: source.nonNegative });
  }
}

/** Converts a parsed tfjs layers model and its weights to an ONNX model message. */
export function convertModel(modelJson: ModelJson, weights: WeightMap, layout: InputLayout): ModelProto {
  const topology = modelJson.modelTopology;
  if (topology.class_name !== 'Model' && topology.class_name !== 'Functional') {
    throw new Error(`Model topology is a ${topology.class_name}. Only Keras functional models (Model, Functional) are supported.`);
  }
  const config = topology.config;
  if (config.input_layers.length !== 1 || config.output_layers.length !== 1) {
    throw new Error(`Model has ${config.input_layers.length} inputs and ${config.output_layers.length} outputs. Exactly one of each is supported.`);
  }

  const inputLayer = config.layers.find((layer) => layer.name === config.input_layers[0][0]);
  if (!inputLayer || inputLayer.class_name !== 'InputLayer') {
    throw new Error(`Input layer ${config.input_layers[0][0]} is not found.`);
  }
  const inputShape = readInputShape(inputLayer);
  const builder = new GraphBuilder(config, weights);

  const inputName = inputLayer.name;
  if (layout === 'nhwc') {
    const transposed = `${inputName}/nchw`;
    builder.addNode('Transpose', transposed, [inputName], [transposed], [intsAttribute('perm', [0, 3, 1, 2])]);
    builder.setInput(inputName, { name: transposed, ...inputShape, nonNegative: false });
  } else {
    builder.setInput(inputName, { name: inputName, ...inputShape, nonNegative: false });
  }

  for (const layer of config.layers) builder.convertLayer(layer);

  const outputLayerName = config.output_layers[0][0];
  const output = builder.output(outputLayerName);
  if (output.height !== 1 || output.width !== 1) {
    throw new Error(`Output layer ${outputLayerName} is not a pooled vector. Only models that end in GlobalAveragePooling2D are supported.`);
  }

  const batch: Dimension = { dimParam: 'batch' };
  const inputDims: Dimension[] = layout === 'nhwc'
    ? [batch, { dimValue: inputShape.height }, { dimValue: inputShape.width }, { dimValue: inputShape.channels }]
    : [batch, { dimValue: inputShape.channels }, { dimValue: inputShape.height }, { dimValue: inputShape.width }];

  return {
    irVersion: IR_VERSION,
    producerName: 'lookalike keras-to-onnx',
    producerVersion: '0.1.0',
    docString: `Converted from the tfjs layers model ${config.name}. Input layout ${layout.toUpperCase()}.`,
    opsetImport: [{ domain: '', version: OPSET_VERSION }],
    metadataProps: [
      { key: 'input_layout', value: layout },
      { key: 'folded_batch_norms', value: String(builder.foldedBatchNorms) },
      { key: 'folded_zero_paddings', value: String(builder.foldedPaddings) },
    ],
    graph: {
      name: config.name,
      node: builder.nodes,
      initializer: builder.initializers,
      input: [floatValueInfo(inputName, inputDims)],
      output: [floatValueInfo(output.name, [batch, { dimValue: output.channels }])],
    },
  };
}

/**
 * Converts the model folder and writes the ONNX file atomically: to a
 * temporary name first, then renamed, so a reader never sees a partial file.
 * Returns a one-line summary.
 */
export function convertModelFolder(modelDir: string, outFile: string, layout: InputLayout): string {
  const { modelJson, weights } = readModelFolder(modelDir);
  const model = convertModel(modelJson, weights, layout);
  const bytes = encodeModel(model);

  fs.mkdirSync(path.dirname(path.resolve(outFile)), { recursive: true });
  // Unique per process and thread, so two builds converting at once never write the same file.
  const partial = `${outFile}.${process.pid}-${threadId}.partial`;
  try {
    fs.writeFileSync(partial, bytes);
    fs.renameSync(partial, outFile);
  } finally {
    fs.rmSync(partial, { force: true });
  }

  const folded = model.metadataProps!.map(({ key, value }) => `${key}=${value}`).join(', ');
  return `Wrote ${outFile}: ${model.graph.node.length} nodes, ${model.graph.initializer.length} initializers, ${(bytes.length / 1e6).toFixed(1)} MB (${folded}).`;
}

const USAGE = 'Usage: npx tsx tools/onnx/keras-to-onnx.ts MODEL_DIR OUT.onnx [--input-layout nhwc|nchw]';

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'input-layout': { type: 'string', default: 'nhwc' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }

  const layout = values['input-layout'];
  if (layout !== 'nhwc' && layout !== 'nchw') throw new Error(`Invalid --input-layout '${layout}', expected nhwc or nchw.\n${USAGE}`);
  if (positionals.length !== 2) throw new Error(`Expected MODEL_DIR and OUT.onnx, got ${positionals.length} arguments.\n${USAGE}`);

  console.log(convertModelFolder(positionals[0], positionals[1], layout));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 1;
  }
}
