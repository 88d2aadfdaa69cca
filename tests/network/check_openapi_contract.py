#!/usr/bin/env python3
"""Validates example requests and answers of the v1 API against network/api/openapi.yaml.

The examples come from a program (api_contract_examples) that prints them as JSON: each names its operation
(operationId), what it is ("request" or an HTTP status), where it comes from, and its body. Every example must
fit the schema the contract documents for it, read strictly: an object may carry no member its schema does not
name (unless the schema says otherwise with additionalProperties). Every operation, and every status the
contract documents for it, must have at least one example; an example of an undocumented status fails.

Exit status 0 when all fit; 1 with every misfit listed otherwise. Prints "YIMEN-SKIPPED: …" and exits 0 when
python3-yaml or python3-jsonschema is missing (CTest then reports the test as skipped).
"""
import argparse
import json
import subprocess
import sys

try:
    import yaml
    import jsonschema
except ImportError as missing:  # pragma: no cover - depends on the machine
    print(f"YIMEN-SKIPPED: {missing.name} is not installed (python3-yaml, python3-jsonschema)")
    sys.exit(0)

METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
# OpenAPI annotations JSON Schema does not know; left out before validating.
ANNOTATIONS = ("example", "examples", "xml", "externalDocs", "deprecated", "discriminator")


def resolve(spec, node):
    """`node` with every $ref into the spec replaced by what it names (the contract has no recursive schema)."""
    if isinstance(node, list):
        return [resolve(spec, item) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        target = spec
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        merged = dict(resolve(spec, target))
        merged.update({k: resolve(spec, v) for k, v in node.items() if k != "$ref"})
        return merged
    return {k: resolve(spec, v) for k, v in node.items()}


def strict(schema):
    """A JSON Schema from an OpenAPI schema: annotations dropped, objects closed to unnamed members."""
    if isinstance(schema, list):
        return [strict(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {}
    for key, value in schema.items():
        if key in ANNOTATIONS:
            continue
        if key == "properties":
            out[key] = {name: strict(sub) for name, sub in value.items()}
        else:
            out[key] = strict(value)
    if "properties" in out and "additionalProperties" not in out:
        out["additionalProperties"] = False
    return out


def operations(spec):
    """operationId -> the resolved operation object."""
    found = {}
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                operation = resolve(spec, item[method])
                found[operation["operationId"]] = operation
    return found


def documented_body(operation, what):
    """(content map or None, error) for the request body or the answer with status `what`."""
    if what == "request":
        body = operation.get("requestBody")
        if body is None:
            return None, "the contract documents no request body"
        return body.get("content", {}), None
    answer = operation.get("responses", {}).get(what)
    if answer is None:
        return None, f"the contract documents no answer {what}"
    return answer.get("content"), None


def check(spec, examples):
    problems = []
    ops = operations(spec)
    covered = {op: set() for op in ops}
    for index, example in enumerate(examples):
        op, what, source = example["operation"], example["what"], example["source"]
        label = f"#{index} {op} {what} ({source})"
        if op not in ops:
            problems.append(f"{label}: no operation {op} in the contract")
            continue
        covered[op].add(what)
        content, error = documented_body(ops[op], what)
        if error:
            problems.append(f"{label}: {error}")
            continue
        if "body" not in example:
            if content:
                problems.append(f"{label}: the contract documents a body, the example has none")
            continue
        if not content:
            problems.append(f"{label}: the example has a body, the contract documents none")
            continue
        media = content.get(example["contentType"])
        if media is None:
            problems.append(f"{label}: content type {example['contentType']} is not one of {sorted(content)}")
            continue
        schema = strict(media.get("schema", {}))
        validator = jsonschema.Draft7Validator(schema)
        for fault in sorted(validator.iter_errors(example["body"]), key=lambda e: list(e.path)):
            where = "/".join(str(p) for p in fault.path) or "(body)"
            problems.append(f"{label}: {where}: {fault.message}")
    for op, operation in ops.items():
        if "request" not in covered[op] and "requestBody" in operation:
            problems.append(f"{op}: no example request")
        for status in operation.get("responses", {}):
            if status not in covered[op]:
                problems.append(f"{op}: no example answer {status}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", required=True, help="network/api/openapi.yaml")
    parser.add_argument("--examples", required=True, help="the program that prints the examples")
    args = parser.parse_args()
    with open(args.spec, encoding="utf-8") as f:
        spec = yaml.safe_load(f)
    printed = subprocess.run([args.examples], check=True, capture_output=True, text=True)
    examples = json.loads(printed.stdout)
    problems = check(spec, examples)
    for problem in problems:
        print(problem)
    print(f"{len(examples)} examples of {len(operations(spec))} operations checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
