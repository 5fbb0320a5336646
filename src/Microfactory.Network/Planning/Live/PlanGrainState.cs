using Orleans;

namespace Microfactory.Network.Planning.Live;

[GenerateSerializer]
public sealed class PlanGrainState
{
    [Id(0)]
    public StoredPlan? Plan { get; set; }

    [Id(1)]
    public List<MoveTicket> Tickets { get; set; } = [];
}
