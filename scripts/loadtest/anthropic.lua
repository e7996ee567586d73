-- ~900-byte request
wrk.method = "POST"
wrk.body = "{\"model\": \"bench/gpt-4o-mini\", \"system\": \"You are a concise assistant.\", \"max_tokens\": 256, \"temperature\": 0.2, \"messages\": [{\"role\": \"user\", \"content\": \"Summarise the following notes for the weekly report. Summarise the following notes for the weekly report. Summarise the following notes for the weekly report. Summarise the following notes for the weekly report. Summarise the following notes for the weekly report. Summarise the following notes for the weekly report. Summarise the following notes for the weekly report. Summarise the following notes for the weekly report. Summarise the following notes for the weekly report. Summarise the following notes for the weekly report. Summarise the following notes for the weekly report. Summarise the following notes for the weekly report. Summarise the following notes for the weekly report. Summarise the following notes for the weekly report. \"}]}"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["x-api-key"] = "sk-omni-bench"
wrk.headers["anthropic-version"] = "2023-06-01"
