// Migration: empty

export default migration({
  up(m) {},

  down(m) {},
});
