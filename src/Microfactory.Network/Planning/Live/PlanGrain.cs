using Microfactory.Grains;

namespace Microfactory.Network.Planning.Live;

public sealed class PlanGrain : Grain<PlanGrainState>, IPlanGrain
{
    public async Task<StoredPlan> CreateAsync(StoredPlan plan, IReadOnlyList<MoveTicket> tickets)
    {
        if (State.Plan is { } stored)
        {
            return stored;
        }

        State.Plan = plan;
        State.Tickets = tickets.ToList();
        await WriteStateAsync();
        return plan;
    }

    public Task<StoredPlan?> GetAsync() => Task.FromResult(State.Plan);

    public async Task<IReadOnlyList<MoveTicket>> BeginApplyAsync()
    {
        var plan = State.Plan ?? throw new NotFoundException("Plan", PrimaryKey);
        if (plan.Status != PlanStatus.Applying)
        {
            State.Plan = plan with { Status = PlanStatus.Applying };
            await WriteStateAsync();
        }

        return State.Tickets;
    }

    public async Task<StoredPlan> CompleteApplyAsync(PlanApplication application)
    {
        var plan = State.Plan ?? throw new NotFoundException("Plan", PrimaryKey);
        State.Plan = plan with { Status = PlanStatus.Applied, LastApplication = application };
        await WriteStateAsync();
        return State.Plan;
    }
}
