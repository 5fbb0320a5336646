using Orleans;

namespace Microfactory.Network.Planning.Live;

[GrainType("plan")]
public sealed class PlanGrain([PersistentState(NetworkStorage.State, NetworkStorage.Name)] IPersistentState<PlanGrainState> state)
    : Grain, IPlanGrain
{
    private PlanGrainState State => state.State;

    private string PrimaryKey => this.GetPrimaryKeyString();

    public async Task<StoredPlan> CreateAsync(StoredPlan plan, IReadOnlyList<MoveTicket> tickets)
    {
        if (State.Plan is { } stored)
        {
            return stored;
        }

        State.Plan = plan;
        State.Tickets = tickets.ToList();
        await state.WriteStateAsync();
        return plan;
    }

    public Task<StoredPlan?> GetAsync() => Task.FromResult(State.Plan);

    public async Task<IReadOnlyList<MoveTicket>> BeginApplyAsync()
    {
        var plan = State.Plan ?? throw new NotFoundException("Plan", PrimaryKey);
        if (plan.Status != PlanStatus.Applying)
        {
            State.Plan = plan with { Status = PlanStatus.Applying };
            await state.WriteStateAsync();
        }

        return State.Tickets;
    }

    public async Task<StoredPlan> CompleteApplyAsync(PlanApplication application)
    {
        var plan = State.Plan ?? throw new NotFoundException("Plan", PrimaryKey);
        State.Plan = plan with { Status = PlanStatus.Applied, LastApplication = application };
        await state.WriteStateAsync();
        return State.Plan;
    }
}
