"""The official SDKs as clients of a running gateway (retries off): openai (Chat
Completions, Responses and embeddings), anthropic (Messages) and google-genai (generateContent), each
whole and streaming, against every upstream format of the mock. Exit 1 on any failure.

Usage: sdk_check.py GATEWAY_URL GATEWAY_KEY
"""
import sys
import traceback

import anthropic
import openai
from google import genai
from google.genai import types

URL, KEY = sys.argv[1], sys.argv[2]
UPSTREAMS = ["up-openai/gpt-4o-mini", "up-anthropic/claude-sonnet-4-5", "up-gemini/gemini-2.5-flash", "up-responses/gpt-5"]
failures = []
passed = 0


def check(name, fn):
    global passed
    try:
        fn()
        passed += 1
    except Exception as error:  # noqa: BLE001 — report every failure, keep going
        failures.append(name)
        print(f"FAIL {name}: {error!r}", file=sys.stderr)
        traceback.print_exc(limit=2, file=sys.stderr)


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


oa = openai.OpenAI(base_url=URL + "/v1", api_key=KEY, max_retries=0, timeout=30)
an = anthropic.Anthropic(base_url=URL, api_key=KEY, max_retries=0, timeout=30)
ge = genai.Client(api_key=KEY, http_options=types.HttpOptions(base_url=URL, api_version="v1beta", timeout=30_000,
                                                               retry_options=types.HttpRetryOptions(attempts=1)))

for model in UPSTREAMS:
    def chat():
        r = oa.chat.completions.create(model=model, messages=[{"role": "user", "content": "hello sdk"}])
        expect("hello sdk" in r.choices[0].message.content, r)
        expect(r.usage is not None and r.usage.total_tokens > 0, r.usage)

    def chat_stream():
        text = ""
        for chunk in oa.chat.completions.create(model=model, stream=True, messages=[{"role": "user", "content": "hello sdk"}]):
            if chunk.choices and chunk.choices[0].delta.content:
                text += chunk.choices[0].delta.content
        expect("hello sdk" in text, text)

    def responses():
        r = oa.responses.create(model=model, input="hello sdk")
        expect("hello sdk" in r.output_text, r)

    def responses_stream():
        text, completed = "", False
        for event in oa.responses.create(model=model, input="hello sdk", stream=True):
            if event.type == "response.output_text.delta":
                text += event.delta
            if event.type == "response.completed":
                completed = True
        expect("hello sdk" in text and completed, (text, completed))

    def messages():
        r = an.messages.create(model=model, max_tokens=64, messages=[{"role": "user", "content": "hello sdk"}])
        expect("hello sdk" in r.content[0].text, r)

    def messages_stream():
        with an.messages.stream(model=model, max_tokens=64, messages=[{"role": "user", "content": "hello sdk"}]) as stream:
            text = "".join(stream.text_stream)
            final = stream.get_final_message()
        expect("hello sdk" in text, text)
        expect(final.stop_reason == "end_turn", final.stop_reason)

    def gemini():
        r = ge.models.generate_content(model=model, contents="hello sdk")
        expect("hello sdk" in r.text, r)

    def gemini_stream():
        text = "".join(chunk.text or "" for chunk in ge.models.generate_content_stream(model=model, contents="hello sdk"))
        expect("hello sdk" in text, text)

    for fn in (chat, chat_stream, responses, responses_stream, messages, messages_stream, gemini, gemini_stream):
        check(f"{fn.__name__} via {model}", fn)


def tool_call():
    r = oa.chat.completions.create(model="up-anthropic/claude-tool", messages=[{"role": "user", "content": "weather?"}],
                                   tools=[{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}])
    call = r.choices[0].message.tool_calls[0]
    expect(call.function.name == "get_weather" and "Paris" in call.function.arguments, call)


def errors_in_each_format():
    try:
        oa.chat.completions.create(model="no-such-model", messages=[{"role": "user", "content": "x"}])
        raise AssertionError("no error")
    except openai.NotFoundError as error:
        expect("no-such-model" in str(error), error)
    try:
        an.messages.create(model="no-such-model", max_tokens=5, messages=[{"role": "user", "content": "x"}])
        raise AssertionError("no error")
    except anthropic.NotFoundError as error:
        expect("no-such-model" in str(error), error)
    bad = anthropic.Anthropic(base_url=URL, api_key="wrong", max_retries=0)
    try:
        bad.messages.create(model="up-openai/gpt-4o-mini", max_tokens=5, messages=[{"role": "user", "content": "x"}])
        raise AssertionError("no error")
    except anthropic.AuthenticationError:
        pass


check("tool call", tool_call)


def embeddings():
    r = oa.embeddings.create(model="up-openai/text-embedding-3-small", input=["hello sdk", "again"])
    expect(len(r.data) == 2 and len(r.data[0].embedding) > 0, r)
    expect(r.model == "up-openai/text-embedding-3-small", r.model)
    expect(r.usage.prompt_tokens > 0, r.usage)


check("embeddings", embeddings)
check("errors", errors_in_each_format)
print(f"sdk: {passed} passed, {len(failures)} failed (openai {openai.__version__}, anthropic {anthropic.__version__}, google-genai {genai.__version__})")
sys.exit(1 if failures else 0)
