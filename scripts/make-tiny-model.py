#!/usr/bin/python3
"""
Builds the tiny BERT-style embedding model the tests load with transformers.js:
a WordPiece tokenizer.json, config.json, tokenizer_config.json and onnx/model.onnx with
BERT's inputs (input_ids, attention_mask, token_type_ids) and output (last_hidden_state).

The weights are random (seeded, so the files are reproducible); the model proves the real
loading, tokenising, pooling and storage path, not relevance. Needs the `onnx` and `numpy`
Python modules (Debian: apt-get install python3-onnx, then run with /usr/bin/python3).

    /usr/bin/python3 scripts/make-tiny-model.py test/fixtures/models/paperboy/tiny-bert
"""
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HIDDEN = 32
SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
WORDS = """a an and are as at be by for from in is it of on or that the this to we with
attention transformer transformers model models language large learning deep neural network
networks graph graphs vision image images video text speech audio generation diffusion
reinforcement agent agents reasoning retrieval search embedding embeddings sequence state
space linear time efficient survey benchmark dataset data training inference robot robotics
segmentation detection classification translation summarization question answering code
protein molecule physics quantum optimization gradient loss theory random matrix""".split()
LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789"


def vocab():
    toks = SPECIAL + WORDS + list(LETTERS) + ["##" + c for c in LETTERS] + list(".,:;!?-()'\"")
    seen, out = set(), []
    for t in toks:
        if t not in seen:
            seen.add(t)
            out.append(t)
    return {t: i for i, t in enumerate(out)}


def tokenizer_json(v):
    special = [
        {"id": v[t], "content": t, "single_word": False, "lstrip": False, "rstrip": False,
         "normalized": False, "special": True}
        for t in SPECIAL
    ]
    cls, sep = v["[CLS]"], v["[SEP]"]
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": special,
        "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                       "strip_accents": None, "lowercase": True},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}},
                       {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}},
                     {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 0}},
                     {"Sequence": {"id": "B", "type_id": 1}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
            "special_tokens": {
                "[CLS]": {"id": "[CLS]", "ids": [cls], "tokens": ["[CLS]"]},
                "[SEP]": {"id": "[SEP]", "ids": [sep], "tokens": ["[SEP]"]},
            },
        },
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100, "vocab": v},
    }


def model(v):
    rng = np.random.default_rng(20261126)
    n = len(v)
    word_emb = rng.normal(0, 1, (n, HIDDEN)).astype(np.float32)
    type_emb = rng.normal(0, 0.1, (2, HIDDEN)).astype(np.float32)
    w = (rng.normal(0, 1, (HIDDEN, HIDDEN)) / np.sqrt(HIDDEN)).astype(np.float32)
    b = np.zeros(HIDDEN, dtype=np.float32)
    inits = [
        numpy_helper.from_array(word_emb, "word_embeddings"),
        numpy_helper.from_array(type_emb, "token_type_embeddings"),
        numpy_helper.from_array(w, "dense_w"),
        numpy_helper.from_array(b, "dense_b"),
        numpy_helper.from_array(np.array([-1], dtype=np.int64), "last_axis"),
    ]
    nodes = [
        helper.make_node("Gather", ["word_embeddings", "input_ids"], ["we"]),
        helper.make_node("Gather", ["token_type_embeddings", "token_type_ids"], ["te"]),
        helper.make_node("Add", ["we", "te"], ["emb"]),
        helper.make_node("MatMul", ["emb", "dense_w"], ["mm"]),
        helper.make_node("Add", ["mm", "dense_b"], ["pre"]),
        helper.make_node("Tanh", ["pre"], ["act"]),
        # Padding positions output zeros, as a real encoder's masked positions stop mattering.
        helper.make_node("Cast", ["attention_mask"], ["maskf"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["maskf", "last_axis"], ["mask3"]),
        helper.make_node("Mul", ["act", "mask3"], ["last_hidden_state"]),
    ]
    dyn = ["batch_size", "sequence_length"]
    inputs = [helper.make_tensor_value_info(nm, TensorProto.INT64, dyn)
              for nm in ("input_ids", "attention_mask", "token_type_ids")]
    outputs = [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, dyn + [HIDDEN])]
    graph = helper.make_graph(nodes, "tiny-bert", inputs, outputs, inits)
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="paperboy")
    m.ir_version = 8
    onnx.checker.check_model(m)
    return m


def main(out):
    os.makedirs(os.path.join(out, "onnx"), exist_ok=True)
    v = vocab()
    with open(os.path.join(out, "tokenizer.json"), "w") as f:
        json.dump(tokenizer_json(v), f, indent=1)
    with open(os.path.join(out, "tokenizer_config.json"), "w") as f:
        json.dump({"tokenizer_class": "BertTokenizer", "do_lower_case": True, "model_max_length": 512,
                   "cls_token": "[CLS]", "sep_token": "[SEP]", "pad_token": "[PAD]",
                   "unk_token": "[UNK]", "mask_token": "[MASK]"}, f, indent=1)
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump({"model_type": "bert", "architectures": ["BertModel"], "hidden_size": HIDDEN,
                   "num_attention_heads": 2, "num_hidden_layers": 1, "intermediate_size": 64,
                   "vocab_size": len(v), "max_position_embeddings": 512, "type_vocab_size": 2,
                   "pad_token_id": 0}, f, indent=1)
    onnx.save(model(v), os.path.join(out, "onnx", "model.onnx"))
    print(f"wrote {out}: vocab {len(v)}, hidden {HIDDEN}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "test/fixtures/models/paperboy/tiny-bert")
