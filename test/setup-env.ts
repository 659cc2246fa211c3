// Ink reads CI when it loads and, when set, draws only the final frame. The screen tests
// render Ink in-process, so they must not depend on whether the runner sets CI.
delete process.env.CI;
delete process.env.CONTINUOUS_INTEGRATION;
