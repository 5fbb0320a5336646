using Orleans;
using Orleans.Concurrency;

namespace Microfactory.Network.Orders;

/// <summary>
/// Keeps every accepted order moving (one per cluster, key <see cref="Key"/>): it continues orders a crash stopped
/// between steps (Received, Routed) and routes unroutable orders again when the network changes or every
/// <see cref="NetworkOptions.RecoveryInterval"/>. A reminder brings it back on another silo after its silo died.
/// </summary>
[Alias("order-recovery")]
public interface IOrderRecoveryGrain : IGrainWithStringKey
{
    public const string Key = "orders";

    /// <summary>A silo started: continue everything the last run left midway, whatever its age.</summary>
    Task StartAsync();

    /// <summary>The network changed (a site appeared, capacity changed): look at the unroutable orders soon.</summary>
    [OneWay]
    Task NudgeAsync();

    /// <summary>
    /// One pass: Received or Routed orders untouched for <paramref name="stuckAfter"/> (younger ones are still in their
    /// submitter's hands) are continued, and every Unroutable one is routed again. Returns how many moved on.
    /// </summary>
    Task<int> PassAsync(TimeSpan stuckAfter);
}
