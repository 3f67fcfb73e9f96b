import protobuf from 'protobufjs';

/**
 * The subset of the ONNX protobuf schema that a feed-forward float32 model
 * needs. Message names and field numbers follow onnx/onnx.proto3 of ONNX 1.x,
 * so the bytes are a standard ModelProto. Fields the converter does not write
 * are left out.
 */
const ONNX_SCHEMA = `
syntax = "proto3";
package onnx;

message AttributeProto {
  enum AttributeType {
    UNDEFINED = 0;
    FLOAT = 1;
    INT = 2;
    STRING = 3;
    TENSOR = 4;
    GRAPH = 5;
    FLOATS = 6;
    INTS = 7;
    STRINGS = 8;
  }
  string name = 1;
  float f = 2;
  int64 i = 3;
  bytes s = 4;
  TensorProto t = 5;
  repeated float floats = 7;
  repeated int64 ints = 8;
  repeated bytes strings = 9;
  string doc_string = 13;
  AttributeType type = 20;
}

message ValueInfoProto {
  string name = 1;
  TypeProto type = 2;
  string doc_string = 3;
}

message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  string name = 3;
  string op_type = 4;
  repeated AttributeProto attribute = 5;
  string doc_string = 6;
  string domain = 7;
}

message StringStringEntryProto {
  string key = 1;
  string value = 2;
}

message ModelProto {
  int64 ir_version = 1;
  string producer_name = 2;
  string producer_version = 3;
  string domain = 4;
  int64 model_version = 5;
  string doc_string = 6;
  GraphProto graph = 7;
  repeated OperatorSetIdProto opset_import = 8;
  repeated StringStringEntryProto metadata_props = 14;
}

message GraphProto {
  repeated NodeProto node = 1;
  string name = 2;
  repeated TensorProto initializer = 5;
  string doc_string = 10;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
  repeated ValueInfoProto value_info = 13;
}

message TensorProto {
  repeated int64 dims = 1;
  int32 data_type = 2;
  repeated float float_data = 4;
  repeated int32 int32_data = 5;
  repeated int64 int64_data = 7;
  string name = 8;
  bytes raw_data = 9;
  string doc_string = 12;
}

message TensorShapeProto {
  message Dimension {
    oneof value {
      int64 dim_value = 1;
      string dim_param = 2;
    }
    string denotation = 3;
  }
  repeated Dimension dim = 1;
}

message TypeProto {
  message Tensor {
    int32 elem_type = 1;
    TensorShapeProto shape = 2;
  }
  oneof value {
    Tensor tensor_type = 1;
  }
  string denotation = 6;
}

message OperatorSetIdProto {
  string domain = 1;
  int64 version = 2;
}
`;

/** TensorProto.DataType values used here (onnx.proto numbering). */
export const TensorDataType = {
  FLOAT: 1,
  INT64: 7,
} as const;

/** AttributeProto.AttributeType values used here (onnx.proto numbering). */
export const AttributeType = {
  FLOAT: 1,
  INT: 2,
  STRING: 3,
  INTS: 7,
} as const;

export interface TensorProto {
  name: string;
  dims: number[];
  dataType: number;
  /** Little-endian element bytes, in row-major order. */
  rawData: Uint8Array;
}

export interface AttributeProto {
  name: string;
  type: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  ints?: number[];
}

export interface NodeProto {
  name: string;
  opType: string;
  input: string[];
  output: string[];
  attribute: AttributeProto[];
}

/** One tensor dimension: a fixed size or a symbolic name such as the batch size. */
export type Dimension = { dimValue: number } | { dimParam: string };

export interface ValueInfoProto {
  name: string;
  type: { tensorType: { elemType: number; shape: { dim: Dimension[] } } };
}

export interface GraphProto {
  name: string;
  node: NodeProto[];
  initializer: TensorProto[];
  input: ValueInfoProto[];
  output: ValueInfoProto[];
}

export interface ModelProto {
  irVersion: number;
  producerName: string;
  producerVersion: string;
  docString?: string;
  opsetImport: { domain: string; version: number }[];
  metadataProps?: { key: string; value: string }[];
  graph: GraphProto;
}

const modelType = protobuf.parse(ONNX_SCHEMA, { keepCase: false }).root.lookupType('onnx.ModelProto');

/** Serializes a model to ONNX protobuf bytes, ready to write to a `.onnx` file. */
export function encodeModel(model: ModelProto): Uint8Array {
  const problem = modelType.verify(model);
  if (problem) {
    throw new Error(`Invalid ONNX model message: ${problem}`);
  }
  return modelType.encode(modelType.fromObject(model)).finish();
}

/** Parses ONNX protobuf bytes back into plain objects, with 64-bit integers as numbers. */
export function decodeModel(bytes: Uint8Array): ModelProto {
  const message = modelType.decode(bytes);
  return modelType.toObject(message, { longs: Number, bytes: Uint8Array, defaults: false }) as unknown as ModelProto;
}

/** Builds a float32 initializer from values in row-major order. */
export function floatTensor(name: string, dims: number[], values: Float32Array): TensorProto {
  const expected = dims.reduce((product, size) => product * size, 1);
  if (values.length !== expected) {
    throw new Error(`Tensor ${name} has ${values.length} values, expected ${expected} for shape [${dims.join(', ')}].`);
  }
  return {
    name,
    dims,
    dataType: TensorDataType.FLOAT,
    rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
  };
}

/** Builds an int64 initializer, such as the `pads` input of a Pad node. */
export function int64Tensor(name: string, values: number[]): TensorProto {
  const data = new BigInt64Array(values.map((value) => BigInt(value)));
  return {
    name,
    dims: [values.length],
    dataType: TensorDataType.INT64,
    rawData: new Uint8Array(data.buffer),
  };
}

export function intAttribute(name: string, value: number): AttributeProto {
  return { name, type: AttributeType.INT, i: value };
}

export function intsAttribute(name: string, values: number[]): AttributeProto {
  return { name, type: AttributeType.INTS, ints: values };
}

export function floatAttribute(name: string, value: number): AttributeProto {
  return { name, type: AttributeType.FLOAT, f: value };
}

/** Describes a float32 graph input or output. */
export function floatValueInfo(name: string, shape: Dimension[]): ValueInfoProto {
  return { name, type: { tensorType: { elemType: TensorDataType.FLOAT, shape: { dim: shape } } } };
}
