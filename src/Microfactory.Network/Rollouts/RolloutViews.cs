using Microfactory.Network.Designs;

namespace Microfactory.Network.Rollouts;

/// <summary>Turns the stored state into what the API shows, with per-wave counts.</summary>
public static class RolloutViews
{
    /// <summary>How many of a wave's <paramref name="sites"/> must have installed for it to succeed.</summary>
    public static int Required(int sites, int thresholdPercent) => (int)Math.Ceiling(sites * thresholdPercent / 100.0);

    public static RolloutView From(RolloutState state)
    {
        var waves = state.Waves.Select((w, i) =>
        {
            var members = state.Sites.Where(s => s.Wave == i).ToList();
            var installed = members.Count(s => s.State == SiteDesignState.Installed);
            var failed = members.Count(s => s.InstallFailed);
            var phase = w.SucceededAt is not null ? WavePhase.Succeeded : w.StartedAt is not null ? WavePhase.Running : WavePhase.Waiting;
            return new WaveView(i, w.Name, phase, members.Count, installed, failed,
                members.Count(s => s.State is SiteDesignState.Pending or SiteDesignState.Downloading),
                Required(members.Count, state.SuccessThresholdPercent), w.StartedAt, w.SucceededAt);
        }).ToList();
        return new RolloutView(
            state.Id, state.Design, state.Sha256, state.SizeBytes, state.Phase, state.Reason, state.CurrentWave,
            state.SuccessThresholdPercent, state.ErrorThreshold, state.WaveTimeout,
            state.Sites.Count(s => s.InstallFailed),
            state.CreatedAt, state.UpdatedAt, waves, [.. state.Sites]);
    }
}
