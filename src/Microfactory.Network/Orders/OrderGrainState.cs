using Microfactory.Network.Designs;
using Microfactory.Network.Routing;

namespace Microfactory.Network.Orders;

public sealed class OrderGrainState
{
    public OrderSpec? Spec { get; set; }

    /// <summary>The design version as it was when the order was received (versions never change once registered).</summary>
    public DesignVersion? Design { get; set; }

    public string RequestFingerprint { get; set; } = "";

    public OrderStatus Status { get; set; }

    public List<OrderTransition> History { get; set; } = [];

    public RoutingDecision? Decision { get; set; }

    public OrderAssignment? Assignment { get; set; }

    /// <summary>Sites that failed this order or refused it; routing avoids them on the next attempt.</summary>
    public List<string> AvoidSites { get; set; } = [];

    public int Attempts { get; set; }

    public int Good { get; set; }

    public int Scrap { get; set; }

    public string? TraceParent { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public long Version { get; set; }

    /// <summary>A plan's move taken on but not finished (the site may or may not have given the job back yet).</summary>
    public PendingMove? PendingMove { get; set; }

    /// <summary>Plans that moved this order, so applying a plan again moves nothing twice.</summary>
    public List<string> MovedByPlans { get; set; } = [];
}
