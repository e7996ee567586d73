#!/usr/bin/env python3
"""Validate Fixtures/streams: SSE framing (WHATWG rules), JSON of every data payload, per-vendor protocol
invariants, and that the four files of a case carry the same answer."""
import json, os, re, sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else "/work/main/Fixtures/streams"
FMTS = ("openai", "anthropic", "gemini", "responses")
errors = []


def err(case, fmt, msg):
    errors.append(f"{case}/{fmt}: {msg}")


def parse_sse(raw: bytes):
    """Returns (events, trailing) where events = [(event_name, data)] dispatched per the SSE spec and
    trailing = the undispatched partial event text at EOF (None if the stream ended on a blank line)."""
    text = raw.decode("utf-8")  # must be valid UTF-8
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = re.split(r"\r\n|\r|\n", text)
    ended_clean = text.endswith("\n") or text.endswith("\r")
    if ended_clean:
        lines = lines[:-1]
    events, name, data, pending = [], None, [], []
    for i, line in enumerate(lines):
        last_line = i == len(lines) - 1 and not ended_clean
        if last_line:
            pending.append(line)
            break
        if line == "":
            if data:
                events.append((name or "message", "\n".join(data)))
            name, data, pending = None, [], []
            continue
        pending.append(line)
        if line.startswith(":"):
            continue
        field, _, value = line.partition(":")
        if value.startswith(" "):
            value = value[1:]
        if field == "event":
            name = value
        elif field == "data":
            data.append(value)
        elif field in ("id", "retry"):
            pass
        else:
            raise ValueError("unknown field " + field)
    trailing = "\n".join(pending) if pending else None
    return events, trailing


def answer_openai(case, evs, complete):
    a = {"text": "", "thinking": "", "refusal": "", "tools": {}, "finish": None, "usage": None}
    done = [i for i, (_, d) in enumerate(evs) if d == "[DONE]"]
    if complete:
        if done != [len(evs) - 1]:
            err(case, "openai", "complete stream must end with exactly one [DONE]")
    elif done:
        err(case, "openai", "[DONE] in a broken stream")
    first = True
    for name, d in evs:
        if d == "[DONE]":
            continue
        o = json.loads(d)
        if "error" in o:
            a["error"] = o["error"]
            continue
        for k in ("id", "object", "created", "model"):
            if k not in o:
                err(case, "openai", "chunk without " + k)
        if o["object"] != "chat.completion.chunk":
            err(case, "openai", "bad object")
        if first:
            if not o["choices"] or o["choices"][0]["delta"].get("role") != "assistant":
                err(case, "openai", "first chunk must carry the role")
            first = False
        if not o["choices"]:
            a["usage"] = o["usage"]
            continue
        ch = o["choices"][0]
        dl = ch["delta"]
        a["text"] += dl.get("content") or ""
        a["thinking"] += dl.get("reasoning_content") or ""
        a["refusal"] += dl.get("refusal") or ""
        for tc in dl.get("tool_calls") or []:
            t = a["tools"].setdefault(tc["index"], {"name": None, "args": ""})
            if "id" in tc:
                t["name"] = tc["function"]["name"]
            t["args"] += tc["function"].get("arguments", "")
        if ch["finish_reason"]:
            a["finish"] = ch["finish_reason"]
    a["tools"] = [a["tools"][k] for k in sorted(a["tools"])]
    return a


def answer_anthropic(case, evs, complete):
    a = {"text": "", "thinking": "", "refusal": "", "tools": [], "finish": None, "signed": False}
    blocks = {}
    open_blocks = set()
    for name, d in evs:
        o = json.loads(d)
        if o["type"] != name:
            err(case, "anthropic", f"event {name} != data.type {o['type']}")
        t = o["type"]
        if t == "message_start":
            a["usage_start"] = o["message"]["usage"]
        elif t == "content_block_start":
            blocks[o["index"]] = dict(o["content_block"], _json="")
            open_blocks.add(o["index"])
        elif t == "content_block_delta":
            if o["index"] not in open_blocks:
                err(case, "anthropic", "delta for a closed block")
            b, dl = blocks[o["index"]], o["delta"]
            if dl["type"] == "text_delta":
                b["text"] += dl["text"]
            elif dl["type"] == "thinking_delta":
                b["thinking"] += dl["thinking"]
            elif dl["type"] == "signature_delta":
                b["signature"] += dl["signature"]
            elif dl["type"] == "input_json_delta":
                b["_json"] += dl["partial_json"]
        elif t == "content_block_stop":
            open_blocks.discard(o["index"])
        elif t == "message_delta":
            a["finish"] = o["delta"]["stop_reason"]
            a["stop_sequence"] = o["delta"]["stop_sequence"]
        elif t == "error":
            a["error"] = o["error"]
    for i in sorted(blocks):
        b = blocks[i]
        if b["type"] == "text":
            a["text"] += b["text"]
        elif b["type"] == "thinking":
            a["thinking"] += b["thinking"]
            a["signed"] = bool(b["signature"])
        elif b["type"] == "tool_use":
            a["tools"].append({"name": b["name"], "args": b["_json"]})
    if complete and (evs[-1][0] != "message_stop" or open_blocks):
        err(case, "anthropic", "complete stream must end with message_stop, all blocks closed")
    return a


def answer_gemini(case, evs, complete):
    a = {"text": "", "thinking": "", "refusal": "", "tools": [], "finish": None, "signed": False}
    for name, d in evs:
        if d == "[DONE]":
            err(case, "gemini", "[DONE] in gemini")
        o = json.loads(d)
        if "error" in o:
            a["error"] = o["error"]
            continue
        c = o["candidates"][0]
        for p in (c.get("content") or {}).get("parts", []):
            if p.get("thoughtSignature"):
                a["signed"] = True
            if "text" in p:
                if p.get("thought"):
                    a["thinking"] += p["text"]
                else:
                    a["text"] += p["text"]
            if "functionCall" in p:
                a["tools"].append({"name": p["functionCall"]["name"], "args": json.dumps(p["functionCall"].get("args", {}))})
        if c.get("finishReason"):
            if a["finish"]:
                err(case, "gemini", "two finish reasons")
            a["finish"] = c["finishReason"]
        a["usage"] = o.get("usageMetadata")
        if "modelVersion" not in o or "responseId" not in o:
            err(case, "gemini", "event without modelVersion/responseId")
    return a


def answer_responses(case, evs, complete):
    a = {"text": "", "thinking": "", "refusal": "", "tools": [], "finish": None, "signed": False}
    seq = -1
    items = {}
    for name, d in evs:
        o = json.loads(d)
        if o["type"] != name:
            err(case, "responses", f"event {name} != data.type {o['type']}")
        if o["sequence_number"] != seq + 1:
            err(case, "responses", f"sequence_number {o['sequence_number']} after {seq}")
        seq = o["sequence_number"]
        t = o["type"]
        if t == "response.output_item.added":
            items[o["item"]["id"]] = (o["output_index"], o["item"]["type"])
        elif "item_id" in o:
            if o["item_id"] not in items or items[o["item_id"]][0] != o["output_index"]:
                err(case, "responses", f"{t}: unknown item_id/output_index")
        if t == "response.output_text.delta":
            a["text"] += o["delta"]
        elif t == "response.refusal.delta":
            a["refusal"] += o["delta"]
        elif t == "response.reasoning_summary_text.delta":
            a["thinking"] += o["delta"]
        elif t == "response.output_item.done":
            it = o["item"]
            if it["type"] == "function_call":
                a["tools"].append({"name": it["name"], "args": it["arguments"]})
            if it["type"] == "reasoning" and it.get("encrypted_content"):
                a["signed"] = True
        elif t in ("response.completed", "response.incomplete", "response.failed"):
            r = o["response"]
            a["finish"] = r["status"] + ("/" + r["incomplete_details"]["reason"] if r.get("incomplete_details") else "")
            if t != "response.failed":
                # completed output must equal the items done
                ids = [x["id"] for x in r["output"]]
                if ids != [k for k, _ in sorted(items.items(), key=lambda kv: kv[1][0])]:
                    err(case, "responses", "final output items differ from streamed items")
            else:
                a["error"] = r["error"]
        elif t == "error":
            a["error"] = o
    if complete and evs[-1][0] not in ("response.completed", "response.incomplete"):
        err(case, "responses", "complete stream must end with response.completed/incomplete")
    return a


FINISH = {  # IR finish per vendor value
    "openai": {"stop": "stop", "tool_calls": "tool_calls", "length": "length", "content_filter": "content_filter"},
    "anthropic": {"end_turn": "stop", "tool_use": "tool_calls", "max_tokens": "length", "refusal": "content_filter",
                  "stop_sequence": "stop"},
    "gemini": {"STOP": "stop", "MAX_TOKENS": "length", "SAFETY": "content_filter"},
    "responses": {"completed": "stop", "incomplete/max_output_tokens": "length", "incomplete/content_filter": "content_filter"},
}

for case in sorted(os.listdir(ROOT)):
    d = os.path.join(ROOT, case)
    if not os.path.isdir(d):
        continue
    meta = json.load(open(os.path.join(d, "case.json")))
    assert set(meta) == {"description", "expect"} and meta["expect"] in ("complete", "error"), case
    complete = meta["expect"] == "complete"
    answers = {}
    for fmt in FMTS:
        raw = open(os.path.join(d, fmt + ".sse"), "rb").read()
        try:
            evs, trailing = parse_sse(raw)
        except Exception as e:
            err(case, fmt, f"SSE parse: {e}")
            continue
        for name, data in evs:
            if data == "[DONE]":
                continue
            try:
                json.loads(data)
            except Exception as e:
                err(case, fmt, f"bad JSON in event {name}: {e}: {data[:80]}")
            if "\n" in data:
                err(case, fmt, "multi-line data")
        if trailing is not None:
            if case != "truncated-mid-event":
                err(case, fmt, "stream does not end with a blank line")
            else:
                m = [l for l in trailing.split("\n") if l.startswith("data: ")]
                try:
                    json.loads(m[-1][6:])
                    err(case, fmt, "truncated event is valid JSON")
                except json.JSONDecodeError:
                    pass
        elif case == "truncated-mid-event":
            err(case, fmt, "expected a truncated trailing event")
        crlf = b"\r\n" in raw
        lone_lf = re.search(rb"(?<!\r)\n", raw) is not None
        if crlf and lone_lf:
            err(case, fmt, "mixed line ends")
        fn = {"openai": answer_openai, "anthropic": answer_anthropic, "gemini": answer_gemini, "responses": answer_responses}[fmt]
        try:
            answers[fmt] = fn(case, evs, complete)
        except Exception as e:
            err(case, fmt, f"decode: {type(e).__name__}: {e}")
    if len(answers) != 4:
        continue
    # same answer across formats
    texts = {f: a["text"] + a["refusal"] for f, a in answers.items()}
    if complete or case == "truncated-before-end":
        if len(set(texts.values())) != 1:
            err(case, "*", "text differs: " + repr(texts))
        th = {f: a["thinking"] for f, a in answers.items()}
        if len(set(th.values())) != 1:
            err(case, "*", "thinking differs: " + repr(th))
        tools = {f: [(t["name"], json.loads(t["args"] or "{}")) for t in a["tools"]] for f, a in answers.items()}
        if len({json.dumps(v) for v in tools.values()}) != 1:
            err(case, "*", "tools differ: " + repr(tools))
    if complete:
        fins = {}
        for f, a in answers.items():
            fins[f] = FINISH[f].get(a["finish"], a["finish"])
            if f == "openai" and a["tools"] and fins[f] == "stop":
                fins[f] = "tool_calls"
            if f in ("gemini", "responses") and a["tools"] and fins[f] == "stop":
                fins[f] = "tool_calls"
        if case == "refusal":
            fins = {f: ("refusal" if (f == "openai" and answers[f]["refusal"]) or (f == "anthropic") or f == "gemini" or
                        (f == "responses" and answers[f]["refusal"]) else v) for f, v in fins.items()}
        if len(set(fins.values())) != 1:
            err(case, "*", "finish differs: " + repr(fins))
        if answers["anthropic"]["thinking"] and not (answers["anthropic"]["signed"] and answers["gemini"]["signed"] and answers["responses"]["signed"]):
            err(case, "*", "thinking without signature")
    else:
        for f, a in answers.items():
            if case.startswith("error") and "error" not in a:
                err(case, f, "error case without an error event")
            if a["finish"] is not None and a["finish"] != "failed":
                err(case, f, "broken stream has a finish: " + str(a["finish"]))
    print(f"{case:36s} {meta['expect']:8s} " + " ".join(f"{f}:{len(parse_sse(open(os.path.join(d, f + '.sse'), 'rb').read())[0])}" for f in FMTS))

print("\n".join(errors) if errors else "OK")
sys.exit(1 if errors else 0)
