"""Checks a JUnit XML file the way CI dashboards read it (junitparser follows the
Jenkins/GitLab schema): it parses, and the counts in the attributes equal the elements."""
import sys
from junitparser import JUnitXml, Failure, Error, Skipped

path = sys.argv[1]
xml = JUnitXml.fromfile(path)
total = failures = 0
for suite in xml:
    cases = list(suite)
    fails = sum(1 for c in cases for r in c.result if isinstance(r, Failure))
    errors = sum(1 for c in cases for r in c.result if isinstance(r, Error))
    skipped = sum(1 for c in cases for r in c.result if isinstance(r, Skipped))
    assert suite.tests == len(cases), f"{suite.name}: tests={suite.tests} but {len(cases)} testcases"
    assert suite.failures == fails, f"{suite.name}: failures={suite.failures} but {fails} failure elements"
    assert suite.errors == errors and suite.skipped == skipped, f"{suite.name}: errors/skipped attributes wrong"
    total += len(cases)
    failures += fails
assert xml.tests == total and xml.failures == failures, "testsuites totals differ from the suites"
print(f"junit: {path} parsed by junitparser: {len(list(xml))} suites, {total} testcases, {failures} failures")
