namespace Microfactory.Network.Routing;

/// <summary>One order to place. <see cref="Now"/> is passed in so that routing stays a pure function of its inputs.</summary>
/// <param name="RequiredCapabilities">Every capability the cell must have (at least one).</param>
/// <param name="Design">The design version to make, <c>product@version</c>.</param>
/// <param name="DesignInstallable">Whether a capable cell without the design may get it installed first.</param>
/// <param name="ChangeoverHours">Work hours an install costs the cell (counted only where the design is missing).</param>
/// <param name="WorkHours">Quantity times cycle time, in nominal work hours.</param>
/// <param name="ExcludedSiteIds">Sites never to choose (for example the site that just failed the order).</param>
public sealed record RoutingRequest(
    string OrderId,
    IReadOnlyCollection<string> RequiredCapabilities,
    string Design,
    bool DesignInstallable,
    double ChangeoverHours,
    double WorkHours,
    DateTimeOffset DueAt,
    DateTimeOffset Now,
    DeliveryLocation Delivery,
    OrderPriority Priority = OrderPriority.Normal,
    IReadOnlyCollection<string>? ExcludedSiteIds = null)
{
    /// <summary>
    /// What a cell must be set up for to make the order without a changeover: the design and the values of its
    /// changeover parameters (<see cref="Designs.DesignParameterRules.SetupKey"/>). Null: no setup preference.
    /// </summary>
    public string? SetupKey { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first field that is wrong.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(OrderId))
        {
            throw new ArgumentException("OrderId is required.", nameof(OrderId));
        }

        if (RequiredCapabilities is null || RequiredCapabilities.Count == 0)
        {
            throw new ArgumentException($"Order '{OrderId}': RequiredCapabilities must name at least one capability.", nameof(RequiredCapabilities));
        }

        if (RequiredCapabilities.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException($"Order '{OrderId}': RequiredCapabilities contains an empty name.", nameof(RequiredCapabilities));
        }

        DesignVersionFormat.EnsureWellFormed(Design, nameof(Design));
        RoutingArguments.EnsureHours(WorkHours, nameof(WorkHours), allowZero: false);
        RoutingArguments.EnsureHours(ChangeoverHours, nameof(ChangeoverHours), allowZero: true);

        if (Delivery is null || string.IsNullOrWhiteSpace(Delivery.CityId))
        {
            throw new ArgumentException($"Order '{OrderId}': Delivery with a CityId is required.", nameof(Delivery));
        }

        if (!Enum.IsDefined(Priority))
        {
            throw new ArgumentException($"Order '{OrderId}': Priority {(int)Priority} is not one of Low, Normal, High, Urgent.", nameof(Priority));
        }
    }
}
