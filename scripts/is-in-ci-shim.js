// Stands in for is-in-ci. When CI or CONTINUOUS_INTEGRATION is set, Ink draws nothing until
// the app exits, so a terminal that inherits CI=true (a devcontainer, a CI shell, a test
// runner) would show a blank review screen. `recall review` runs only on a terminal, so the
// screen is always drawn live.
export default false;
