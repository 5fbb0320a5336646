namespace Microfactory.Network.Planning.Live;

public sealed class PlanGrainState
{
    public StoredPlan? Plan { get; set; }

    public List<MoveTicket> Tickets { get; set; } = [];
}
