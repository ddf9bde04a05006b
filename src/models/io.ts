/**
 * Weights on disk: a directory with `<base>.json` (format, config, tensor
 * names/shapes/offsets) and `<base>.bin` (little-endian float32s, concatenated).
 * The same format stores model weights and optimiser state.
 */
import * as fs from "fs";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import { VitConfig, ModelConfig, validateModelConfig } from "./config";
import { VitModel } from "./vit";

const FORMAT = "scaling-backwards/tensors@1";

interface Manifest {
  format: string;
  meta: unknown;
  tensors: { name: string; shape: number[]; offset: number }[];
}

export interface NamedArray { shape: number[]; data: Float32Array }

export function writeTensors(dir: string, base: string, tensors: { name: string; tensor: tf.Tensor }[], meta: unknown): void {
  fs.mkdirSync(dir, { recursive: true });
  const total = tensors.reduce((s, t) => s + t.tensor.size, 0);
  const all = new Float32Array(total);
  const entries: Manifest["tensors"] = [];
  let offset = 0;
  for (const { name, tensor } of tensors) {
    all.set(tensor.dataSync() as Float32Array, offset);
    entries.push({ name, shape: tensor.shape, offset });
    offset += tensor.size;
  }
  fs.writeFileSync(path.join(dir, `${base}.bin`), Buffer.from(all.buffer, all.byteOffset, all.byteLength));
  const manifest: Manifest = { format: FORMAT, meta, tensors: entries };
  fs.writeFileSync(path.join(dir, `${base}.json`), JSON.stringify(manifest, null, 1));
}

export function readTensors(dir: string, base: string): { meta: unknown; tensors: Map<string, NamedArray> } {
  const jsonPath = path.join(dir, `${base}.json`);
  const binPath = path.join(dir, `${base}.bin`);
  if (!fs.existsSync(jsonPath)) throw new Error(`${jsonPath}: not found (expected a ${base}.json written by save)`);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(jsonPath, "utf8")) as Manifest;
  } catch (e) {
    throw new Error(`${jsonPath}: not valid JSON (${(e as Error).message}; file truncated?)`);
  }
  if (manifest.format !== FORMAT) throw new Error(`${jsonPath}: format "${manifest.format}", expected "${FORMAT}"`);
  if (!fs.existsSync(binPath)) throw new Error(`${binPath}: not found (expected beside ${base}.json)`);
  const buf = fs.readFileSync(binPath);
  const all = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  const tensors = new Map<string, NamedArray>();
  for (const t of manifest.tensors) {
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (t.offset + size > all.length) throw new Error(`${binPath}: too short for tensor "${t.name}" (file truncated?)`);
    tensors.set(t.name, { shape: t.shape, data: all.subarray(t.offset, t.offset + size) });
  }
  return { meta: manifest.meta, tensors };
}

/** Assigns stored arrays to variables by name; `skip` names are left as they are. */
export function assignTensors(targets: { name: string; variable: tf.Variable }[], source: Map<string, NamedArray>, where: string, skip: (name: string) => boolean = () => false): void {
  for (const { name, variable } of targets) {
    if (skip(name)) continue;
    const a = source.get(name);
    if (!a) throw new Error(`${where}: missing tensor "${name}"`);
    if (a.shape.join("x") !== variable.shape.join("x")) {
      throw new Error(`${where}: tensor "${name}" has shape [${a.shape}], model expects [${variable.shape}]`);
    }
    tf.tidy(() => variable.assign(tf.tensor(a.data, a.shape)));
  }
}

export function saveModel(model: VitModel, dir: string): void {
  writeTensors(dir, "model", model.params.map((p) => ({ name: p.name, tensor: p.variable })), { config: model.config });
}

export function loadModel(dir: string): VitModel {
  const { meta, tensors } = readTensors(dir, "model");
  const config = (meta as { config: VitConfig }).config;
  validateModelConfig(config);
  const model = new VitModel(config, 0);
  assignTensors(model.params, tensors, dir);
  return model;
}

const ARCH_FIELDS = ["imageSize", "patchSize", "channels", "dim", "depth", "heads", "mlpDim"] as const;

/**
 * A new model whose body (everything but the head) is copied from `body` and
 * whose head is fresh for `numClasses`. `config` (the fine-tuning model config,
 * e.g. another dropPath) must match the body's architecture.
 */
export function transfer(body: VitModel | string, numClasses: number, seed = 0, config?: ModelConfig): VitModel {
  const src = typeof body === "string" ? loadModel(body) : body;
  try {
    const cfg: VitConfig = { ...(config ?? src.config), numClasses };
    for (const f of ARCH_FIELDS) {
      if (cfg[f] !== src.config[f]) throw new Error(`transfer: ${f} is ${cfg[f]} in the model config but ${src.config[f]} in the pre-trained weights`);
    }
    const model = new VitModel(cfg, seed);
    const arrays = new Map<string, NamedArray>();
    for (const p of src.params) arrays.set(p.name, { shape: p.variable.shape, data: p.variable.dataSync() as Float32Array });
    assignTensors(model.params, arrays, "transfer", (name) => name.startsWith("head."));
    return model;
  } finally {
    if (typeof body === "string") src.dispose();
  }
}
