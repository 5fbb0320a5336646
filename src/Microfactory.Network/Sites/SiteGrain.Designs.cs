using Microfactory.Network.Designs;

namespace Microfactory.Network.Sites;

/// <summary>The site's side of design delivery: instructions go out through the outbox, acks come back as status.</summary>
public sealed partial class SiteGrain
{
    public async Task<bool> SendDesignAsync(DesignInstruction instruction)
    {
        EnsureRegistered();
        if (!State.DesignInstructions.Add($"{instruction.RolloutId}|{instruction.Design}|{instruction.Action}"))
        {
            return false;
        }

        State.LastSequence++;
        State.Outbox.Add(new OutboxMessage(State.LastSequence, OutboxKind.Design, instruction.Design, null, null) { Design = instruction });
        State.Designs[instruction.Design] = new SiteDesignStatus(instruction.Design, SiteDesignState.Pending, null, instruction.RolloutId, time.GetUtcNow());
        await SaveAsync();
        return true;
    }

    public Task<SiteDesignStatus?> DesignStatusAsync(string design) => Task.FromResult(State.Designs.GetValueOrDefault(design));

    public async Task ApplyDesignAckAsync(SiteDesignStatus status, long agentSequence)
    {
        if (agentSequence > 0 && agentSequence <= State.LastAgentSequence)
        {
            return; // a resend after a reconnect: already recorded
        }

        if (agentSequence > 0)
        {
            State.LastAgentSequence = agentSequence;
        }

        State.LastSeen = time.GetUtcNow();
        State.Designs[status.Design] = status;
        await SaveAsync();
    }
}
