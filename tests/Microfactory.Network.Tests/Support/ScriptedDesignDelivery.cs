using System.Collections.Concurrent;
using Microfactory.Network.Designs;

namespace Microfactory.Network.Tests.Support;

/// <summary>
/// Seam double for <see cref="IDesignDelivery"/> (the real one, with agents, comes from the artifacts feature): it
/// records every instruction in order and holds each site's status, which the test moves on by script. It keeps the
/// real contract: an instruction sent again for the same (rollout, design, action) changes nothing.
/// </summary>
public sealed class ScriptedDesignDelivery(TimeProvider time) : IDesignDelivery
{
    private readonly ConcurrentDictionary<(string Site, string Design), SiteDesignStatus> _statuses = new();
    private readonly ConcurrentQueue<(string Site, DesignInstruction Instruction)> _sent = new();

    public IReadOnlyList<(string Site, DesignInstruction Instruction)> Sent => [.. _sent];

    public IReadOnlyList<string> SitesSent(DesignAction action) =>
        Sent.Where(s => s.Instruction.Action == action).Select(s => s.Site).ToList();

    public Task SendAsync(string siteId, DesignInstruction instruction, CancellationToken cancellationToken = default)
    {
        _sent.Enqueue((siteId, instruction));
        var key = (siteId, instruction.Design);
        _statuses.AddOrUpdate(key, _ => Initial(instruction), (_, current) =>
            current.RolloutId == instruction.RolloutId && SameAction(current.State, instruction.Action) ? current : Initial(instruction));
        return Task.CompletedTask;
    }

    public Task<SiteDesignStatus?> StatusAsync(string siteId, string design, CancellationToken cancellationToken = default) =>
        Task.FromResult(_statuses.TryGetValue((siteId, design), out var status) ? status : null);

    /// <summary>One site finishes its pending install.</summary>
    public void Finish(string siteId, bool failed) => FinishInstalls(site => failed, site => site == siteId);

    /// <summary>Every site still pending or downloading an install finishes it: installed, or failed when <paramref name="fails"/> says so.</summary>
    public void FinishInstalls(Func<string, bool>? fails = null, Func<string, bool>? only = null)
    {
        foreach (var (key, status) in _statuses)
        {
            if ((status.State is SiteDesignState.Pending or SiteDesignState.Downloading) && only?.Invoke(key.Site) != false)
            {
                var failed = fails?.Invoke(key.Site) == true;
                _statuses[key] = status with
                {
                    State = failed ? SiteDesignState.Failed : SiteDesignState.Installed,
                    Reason = failed ? "bundle checksum mismatch" : null,
                    At = time.GetUtcNow(),
                };
            }
        }
    }

    private SiteDesignStatus Initial(DesignInstruction instruction) => instruction.Action == DesignAction.Install
        ? new SiteDesignStatus(instruction.Design, SiteDesignState.Pending, null, instruction.RolloutId, time.GetUtcNow())
        : new SiteDesignStatus(instruction.Design, SiteDesignState.RolledBack, null, instruction.RolloutId, time.GetUtcNow()); // a rollback is quick: the previous version is still on the site

    private static bool SameAction(SiteDesignState state, DesignAction action) =>
        (action == DesignAction.Rollback) == (state == SiteDesignState.RolledBack);
}
