// The tests' environment: Node's, plus evidence when a test fails. A browser test that fails after
// a click leaves only "waited 20 s" behind; this writes what each open page showed at that moment
// (a screenshot and the HTML in artifacts/, the visible text, console messages and failed requests
// on stderr, which is what CI keeps). Browsers register themselves through support/browser.ts.
const NodeEnvironment = require('jest-environment-node').TestEnvironment;

class EvidenceEnvironment extends NodeEnvironment {
  async handleTestEvent(event) {
    if (event.name !== 'test_fn_failure' && event.name !== 'hook_failure') return;
    const collect = this.global.__collectBrowserEvidence;
    if (typeof collect !== 'function') return;
    const test = event.test ?? event.hook;
    const name = test && 'name' in test ? String(test.name) : event.name;
    try {
      await collect(name);
    } catch (error) {
      process.stderr.write(`evidence of the failed test could not be collected: ${error}\n`);
    }
  }
}

module.exports = EvidenceEnvironment;
