using Grpc.Core;
using Microfactory.SiteAgent.Configuration;
using Microfactory.SiteAgent.Drivers;
using Microfactory.SiteAgent.Link;
using Microsoft.Extensions.Logging;
using V1 = Microfactory.Contracts.Agent.V1;

namespace Microfactory.SiteAgent.Designs;

/// <summary>
/// Works through the design updates the book holds, one at a time: download and verify, install on disk and on the
/// cells (each after its running job), or roll back; then the final DesignInstallAck, once per update. Pending
/// updates survive a restart and are worked again (a partial download resumes).
/// </summary>
internal sealed class DesignInstaller(
    ArtifactDownloader downloader,
    DesignDisk disk,
    IReadOnlyList<ICellDriver> cells,
    JobBook book,
    DesignOptions options,
    TimeProvider time,
    ILogger logger)
{
    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var wake = book.DesignsChanged.Next;
            foreach (var update in book.PendingDesigns())
            {
                V1.AgentMessage reply;
                try
                {
                    reply = update.Action == V1.DesignAction.Rollback
                        ? await RollBackAsync(update, stopping).ConfigureAwait(false)
                        : await InstallAsync(update, stopping).ConfigureAwait(false);
                }
                catch (Exception e) when (!stopping.IsCancellationRequested)
                {
                    // A full disk or a driver throwing: the update fails with the reason instead of stopping every later one.
                    reply = DesignReplies.Ack(update, V1.DesignInstallStatus.Failed, update.CellIds, reason: $"{e.GetType().Name}: {e.Message}");
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                if (stopping.IsCancellationRequested)
                {
                    // Left pending: worked again after the restart.
                    return;
                }

                var ack = reply.DesignInstallAck;
                if (ack.Status == V1.DesignInstallStatus.Failed)
                {
                    DesignLog.Failed(logger, update.DesignVersion, ack.Reason);
                }

                DesignLog.Finished(logger, update.DesignVersion, ack.Status.ToString(), string.Join(",", ack.CellIds));
                book.DesignFinished(update, reply);
            }

            await wake.WaitAsync(stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>
    /// A driver starts from its configuration: what this agent installed earlier is installed again, before the
    /// first Hello, so Hello lists it.
    /// </summary>
    public async Task ReinstallAsync(CancellationToken stopping)
    {
        foreach (var installed in book.InstalledDesigns())
        {
            var cell = cells.FirstOrDefault(c => c.CellId == installed.CellId);
            if (cell is null || !DesignVersions.TrySplit(installed.DesignVersion, out var product, out var version))
            {
                continue;
            }

            try
            {
                var result = await cell.InstallDesignAsync(new DesignPackage(installed.DesignVersion, installed.Sha256, disk.BundlePath(product, version)), stopping).ConfigureAwait(false);
                if (!result.Installed)
                {
                    DesignLog.ReinstallFailed(logger, cell.CellId, installed.DesignVersion, result.Reason ?? "");
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One cell refusing must not keep the agent off the link; Hello shows the cell without the design.
                DesignLog.ReinstallFailed(logger, cell.CellId, installed.DesignVersion, e.Message);
            }
        }
    }

    private async Task<V1.AgentMessage> InstallAsync(V1.DesignUpdate update, CancellationToken stopping)
    {
        var problem = Check(update, out var product, out var version, out var targets);
        if (problem is not null)
        {
            return DesignReplies.Ack(update, V1.DesignInstallStatus.Failed, update.CellIds, reason: problem);
        }

        var targetIds = targets.Select(c => c.CellId).ToList();
        DesignLog.Started(logger, update.DesignVersion, "install", update.RolloutId, string.Join(",", targetIds));
        var bundle = disk.BundlePath(product, version);
        if (!File.Exists(bundle))
        {
            var (downloaded, failure) = await DownloadVerifiedAsync(update, stopping).ConfigureAwait(false);
            if (downloaded is null)
            {
                return DesignReplies.Ack(update, V1.DesignInstallStatus.Failed, targetIds, reason: failure);
            }

            if (options.FailInstallFor.Contains(update.DesignVersion, StringComparer.Ordinal))
            {
                File.Delete(downloaded);
                return DesignReplies.Ack(update, V1.DesignInstallStatus.Failed, targetIds, update.Sha256,
                    $"Install of {update.DesignVersion} refused: Agent:Designs:FailInstallFor lists it (injected fault).");
            }

            bundle = disk.Install(downloaded, product, version);
        }

        var failures = new List<string>();
        foreach (var cell in targets)
        {
            await WaitForJobAsync(cell, update.DesignVersion, stopping).ConfigureAwait(false);
            var result = await cell.InstallDesignAsync(new DesignPackage(update.DesignVersion, update.Sha256, bundle), stopping).ConfigureAwait(false);
            if (result.Installed)
            {
                book.DesignOnCell(cell.CellId, update.DesignVersion, update.Sha256, installed: true);
            }
            else
            {
                failures.Add($"cell '{cell.CellId}': {result.Reason}");
            }
        }

        return failures.Count == 0
            ? DesignReplies.Ack(update, V1.DesignInstallStatus.Installed, targetIds, update.Sha256)
            : DesignReplies.Ack(update, V1.DesignInstallStatus.Failed, targetIds, update.Sha256, $"Verified, but not installed on {string.Join("; ", failures)}");
    }

    /// <returns>The verified part file, or null and why not.</returns>
    private async Task<(string? Path, string? Failure)> DownloadVerifiedAsync(V1.DesignUpdate update, CancellationToken stopping)
    {
        var part = disk.PartPath(update.Sha256);
        var artifactId = string.IsNullOrEmpty(update.ArtifactId) ? update.Sha256 : update.ArtifactId;
        string? reason = null;
        for (var attempt = 1; attempt <= options.MaxDownloadAttempts; attempt++)
        {
            if (attempt > 1)
            {
                var wait = options.RetryBackoff * Math.Pow(2, Math.Min(attempt - 2, 10));
                await Task.Delay(wait, time, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (stopping.IsCancellationRequested)
                {
                    return (null, "The agent is stopping.");
                }
            }

            try
            {
                var sha256 = await downloader.DownloadAsync(artifactId, update.SizeBytes, part, stopping).ConfigureAwait(false);
                if (sha256 == update.Sha256)
                {
                    return (part, null);
                }

                // Never installed, never resumed from: the next attempt starts from byte 0.
                File.Delete(part);
                reason = $"the downloaded bundle has SHA-256 {sha256}, the update announced {update.Sha256}";
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.DataLoss or StatusCode.InvalidArgument or StatusCode.PermissionDenied)
            {
                File.Delete(part);
                return (null, $"Download of artifact {artifactId} refused: {e.StatusCode}: {e.Status.Detail}");
            }
            catch (RpcException e) when (!stopping.IsCancellationRequested)
            {
                reason = $"the download broke ({e.StatusCode}: {e.Status.Detail}); it resumes from the bytes held";
            }
            catch (InvalidDataException e)
            {
                File.Delete(part);
                reason = e.Message;
            }
            catch (IOException e) when (!stopping.IsCancellationRequested)
            {
                reason = $"the download broke ({e.Message}); it resumes from the bytes held";
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return (null, "The agent is stopping.");
            }

            DesignLog.AttemptFailed(logger, update.DesignVersion, attempt, options.MaxDownloadAttempts, reason);
        }

        return (null, $"Not installed after {options.MaxDownloadAttempts} download attempts; the last: {reason}.");
    }

    private async Task<V1.AgentMessage> RollBackAsync(V1.DesignUpdate update, CancellationToken stopping)
    {
        if (!DesignVersions.TrySplit(update.DesignVersion, out var product, out var version))
        {
            return DesignReplies.Ack(update, V1.DesignInstallStatus.Failed, update.CellIds, reason: $"design_version '{update.DesignVersion}' is not 'product@version' of letters, digits, '.', '_' or '-'.");
        }

        var targets = update.CellIds.Count > 0
            ? cells.Where(c => update.CellIds.Contains(c.CellId)).ToList()
            : cells.Where(c => c.GetStatus().InstalledDesigns.Any(d => d.DesignVersion == update.DesignVersion)).ToList();
        DesignLog.Started(logger, update.DesignVersion, "rollback", update.RolloutId, string.Join(",", targets.Select(c => c.CellId)));
        var failures = new List<string>();
        foreach (var cell in targets)
        {
            await WaitForJobAsync(cell, update.DesignVersion, stopping).ConfigureAwait(false);
            var result = await cell.RemoveDesignAsync(update.DesignVersion, stopping).ConfigureAwait(false);
            if (result.Installed)
            {
                book.DesignOnCell(cell.CellId, update.DesignVersion, "", installed: false);
            }
            else
            {
                failures.Add($"cell '{cell.CellId}': {result.Reason}");
            }
        }

        var targetIds = targets.Select(c => c.CellId).ToList();
        if (failures.Count > 0)
        {
            return DesignReplies.Ack(update, V1.DesignInstallStatus.Failed, targetIds, reason: $"Rollback incomplete on {string.Join("; ", failures)}");
        }

        disk.Remove(product, version, string.IsNullOrEmpty(update.PreviousDesignVersion) ? null : update.PreviousDesignVersion);
        return DesignReplies.Ack(update, V1.DesignInstallStatus.RolledBack, targetIds);
    }

    private async Task WaitForJobAsync(ICellDriver cell, string designVersion, CancellationToken stopping)
    {
        if (CellIdle.IsBusy(cell.GetStatus()))
        {
            DesignLog.WaitingForJob(logger, cell.CellId, designVersion);
        }

        await CellIdle.WaitAsync(cell, stopping).ConfigureAwait(false);
    }

    private string? Check(V1.DesignUpdate update, out string product, out string version, out List<ICellDriver> targets)
    {
        targets = [];
        if (!DesignVersions.TrySplit(update.DesignVersion, out product!, out version!))
        {
            return $"design_version '{update.DesignVersion}' is not 'product@version' of letters, digits, '.', '_' or '-'.";
        }

        if (!Sha256Hex.IsValid(update.Sha256))
        {
            return $"sha256 '{update.Sha256}' is not 64 lowercase hex characters.";
        }

        var unknown = update.CellIds.Where(id => cells.All(c => c.CellId != id)).ToList();
        if (unknown.Count > 0)
        {
            return $"This site has no cell {string.Join(", ", unknown.Select(id => $"'{id}'"))}; its cells are: {string.Join(", ", cells.Select(c => c.CellId))}.";
        }

        targets = update.CellIds.Count > 0
            ? [.. cells.Where(c => update.CellIds.Contains(c.CellId))]
            : [.. cells.Where(c => update.RequiredCapabilities.All(c.Describe().Capabilities.Contains))];
        return targets.Count == 0 ? $"No cell of this site has all of: {string.Join(", ", update.RequiredCapabilities)}." : null;
    }
}
