using System.Globalization;
using Microfactory.Changeover.Benchmarks;

// Changeover-aware routing on a generated high-mix workload, with the setup term and without it, in the same run
// (docs/benchmarks.md). Arguments: [orders] [orders per hour] [seed]. Prints one CHANGEOVER line per run.
var orders = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 4000;
var rate = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 20;
var seed = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 19;
var workload = new HighMixWorkload(seed, sites: 20, cellsPerSite: 3, designs: 12, colours: 4, orders: orders, ordersPerHour: rate);
Console.WriteLine(FormattableString.Invariant(
    $"workload: {orders} orders at {rate:0.#}/h (seed {seed}), 20 sites x 3 cells (16 h/day) in 4 cities, 12 designs x 4 colours, 1.5 h changeover, about {orders / rate / 24:0.#} days"));
foreach (var weight in new[] { 0.0, 1.0, 3.0 })
{
    var r = ChangeoverSimulation.Run(workload, weight);
    Console.WriteLine(FormattableString.Invariant(
        $"CHANGEOVER perSetupChangeHour={r.SetupWeight:0.0} orders={r.Orders} changeovers={r.Changeovers} changeoverHours={r.ChangeoverHours:0.0} lateOrders={r.LateOrders} meanKm={r.MeanKm:0.0} elapsed={r.Elapsed.TotalSeconds:0.0}s"));
}
