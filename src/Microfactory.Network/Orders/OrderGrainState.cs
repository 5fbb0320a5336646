using Microfactory.Network.Designs;
using Microfactory.Network.Routing;
using Orleans;

namespace Microfactory.Network.Orders;

[GenerateSerializer]
public sealed class OrderGrainState
{
    [Id(0)]
    public OrderSpec? Spec { get; set; }

    /// <summary>The design version as it was when the order was received (versions never change once registered).</summary>
    [Id(1)]
    public DesignVersion? Design { get; set; }

    [Id(2)]
    public string RequestFingerprint { get; set; } = "";

    [Id(3)]
    public OrderStatus Status { get; set; }

    [Id(4)]
    public List<OrderTransition> History { get; set; } = [];

    [Id(5)]
    public RoutingDecision? Decision { get; set; }

    [Id(6)]
    public OrderAssignment? Assignment { get; set; }

    /// <summary>Sites that failed this order or refused it; routing avoids them on the next attempt.</summary>
    [Id(7)]
    public List<string> AvoidSites { get; set; } = [];

    [Id(8)]
    public int Attempts { get; set; }

    [Id(9)]
    public int Good { get; set; }

    [Id(10)]
    public int Scrap { get; set; }

    [Id(11)]
    public string? TraceParent { get; set; }

    [Id(12)]
    public DateTimeOffset CreatedAt { get; set; }

    [Id(13)]
    public DateTimeOffset UpdatedAt { get; set; }

    [Id(14)]
    public long Version { get; set; }

    /// <summary>A plan's move taken on but not finished (the site may or may not have given the job back yet).</summary>
    [Id(15)]
    public PendingMove? PendingMove { get; set; }

    /// <summary>Plans that moved this order, so applying a plan again moves nothing twice.</summary>
    [Id(16)]
    public List<string> MovedByPlans { get; set; } = [];

    /// <summary>The machine's own energy reading for the current job, when its agent reports one (kWh).</summary>
    [Id(17)]
    public double? MeasuredEnergyKwh { get; set; }

    [Id(18)]
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>The energy KPI: the machine's reading, else the design's kWh per part times parts made.</summary>
    public double? EnergyKwh => MeasuredEnergyKwh
        ?? (Design?.EnergyKwhPerPart is { } perPart && Good + Scrap > 0 ? perPart * (Good + Scrap) : null);
    /// <summary>The agent's own report of a job cancelled while it ran is in Good and Scrap (counted once).</summary>
    [Id(30)]
    public bool FinalCountsReported { get; set; }
}
