using System.Text.RegularExpressions;
using Microfactory.SiteAgent.Designs;
using Microfactory.SiteAgent.Drivers;
using Microsoft.Extensions.Options;

namespace Microfactory.SiteAgent.Configuration;

/// <summary>
/// Checks the agent's configuration at start and names the configuration key of every problem
/// (e.g. <c>Agent:Cells:1:Simulated:ScrapRate</c>), never the credential's value.
/// </summary>
internal sealed partial class AgentOptionsValidator(IEnumerable<ICellDriverFactory> drivers) : IValidateOptions<AgentOptions>
{
    private const string Section = AgentOptions.SectionName;
    private const int MinimumCredentialLength = 16;
    private const string SimulatedCellDriverName = Simulation.SimulatedCellDriver.DriverName;

    public ValidateOptionsResult Validate(string? name, AgentOptions options)
    {
        var problems = new List<string>();
        ValidateLink(options, problems);
        ValidateCells(options.Cells, problems);
        ValidateTimings(options, problems);
        ValidateDesigns(options.Designs, problems);
        ValidateLocal(options.Local, problems);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void ValidateLink(AgentOptions options, List<string> problems)
    {
        if (options.OrchestratorUrl is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add($"{Section}:OrchestratorUrl must be an absolute http:// or https:// URL (was '{options.OrchestratorUrl}').");
        }

        if (!Slug().IsMatch(options.SiteId))
        {
            problems.Add($"{Section}:SiteId must be 1-63 lowercase letters, digits or dashes, starting and ending with a letter or digit (was '{options.SiteId}').");
        }

        // The value itself never goes into a message: messages end up in logs and crash reports.
        if (string.IsNullOrWhiteSpace(options.Credential))
        {
            if (string.IsNullOrWhiteSpace(options.EnrolmentToken) && !Link.SiteCredential.IsHeld(options))
            {
                problems.Add($"{Section}:Credential is required, or on a first start {Section}:EnrolmentToken: set the one-time enrolment token an admin created for this site " +
                    $"through the environment variable Agent__EnrolmentToken (the agent then keeps the site's credential in {Link.SiteCredential.PathIn(options)}), or a fixed credential through Agent__Credential.");
            }
        }
        else if (options.Credential.Length < MinimumCredentialLength || options.Credential.Any(char.IsWhiteSpace))
        {
            problems.Add($"{Section}:Credential must be at least {MinimumCredentialLength} characters without whitespace; check the value issued for this site.");
        }
    }

    private static void ValidateTimings(AgentOptions options, List<string> problems)
    {
        if (options.WelcomeTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{Section}:WelcomeTimeout must be positive, e.g. '00:00:30' (was '{options.WelcomeTimeout}').");
        }

        if (options.ProgressInterval < TimeSpan.Zero)
        {
            problems.Add($"{Section}:ProgressInterval must not be negative (was '{options.ProgressInterval}').");
        }
    }

    private static void ValidateLocal(LocalEndpointOptions local, List<string> problems)
    {
        if (local.Url is { } url && (!url.IsAbsoluteUri || url.Scheme != Uri.UriSchemeHttp || url.AbsolutePath != "/"))
        {
            problems.Add($"{Section}:Local:Url must be an http:// address with a port and no path, e.g. 'http://127.0.0.1:5090' (was '{url}').");
        }

        if (local.Token is { } token && (token.Length < MinimumCredentialLength || token.Any(char.IsWhiteSpace)))
        {
            problems.Add($"{Section}:Local:Token must be at least {MinimumCredentialLength} characters without whitespace, or unset (a token is then made in the state directory).");
        }
    }

    private static void ValidateDesigns(DesignOptions designs, List<string> problems)
    {
        if (designs.MaxDownloadAttempts is < 1 or > 100)
        {
            problems.Add($"{Section}:Designs:MaxDownloadAttempts must be 1 to 100 (was {designs.MaxDownloadAttempts}).");
        }

        if (designs.RetryBackoff < TimeSpan.Zero)
        {
            problems.Add($"{Section}:Designs:RetryBackoff must not be negative (was '{designs.RetryBackoff}').");
        }

        if (designs.DownloadDeadline <= TimeSpan.Zero)
        {
            problems.Add($"{Section}:Designs:DownloadDeadline must be positive, e.g. '00:30:00' (was '{designs.DownloadDeadline}').");
        }

        for (var i = 0; i < designs.FailInstallFor.Count; i++)
        {
            if (!DesignVersions.TrySplit(designs.FailInstallFor[i], out _, out _))
            {
                problems.Add($"{Section}:Designs:FailInstallFor:{i} must be a design version 'product@version' of letters, digits, '.', '_' or '-' (was '{designs.FailInstallFor[i]}').");
            }
        }
    }

    private void ValidateCells(List<CellOptions> cells, List<string> problems)
    {
        if (cells.Count == 0)
        {
            problems.Add($"{Section}:Cells must list at least one cell.");
            return;
        }

        var known = drivers.Select(d => d.Driver).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < cells.Count; i++)
        {
            var cell = cells[i];
            var key = cell.SectionPath ?? $"{Section}:Cells:{i}";
            if (!Slug().IsMatch(cell.Id))
            {
                problems.Add($"{key}:Id must be 1-63 lowercase letters, digits or dashes (was '{cell.Id}').");
            }
            else if (!seen.Add(cell.Id))
            {
                problems.Add($"{key}:Id '{cell.Id}' is used by another cell; cell ids must be unique within the site.");
            }

            if (!known.Contains(cell.Driver))
            {
                problems.Add($"{key}:Driver '{cell.Driver}' is not a known driver; use one of: {string.Join(", ", known.Order(StringComparer.Ordinal))}.");
            }

            if (cell.Capabilities.Count == 0)
            {
                problems.Add($"{key}:Capabilities must list at least one process capability (e.g. 'cnc-milling').");
            }

            for (var c = 0; c < cell.Capabilities.Count; c++)
            {
                if (!Slug().IsMatch(cell.Capabilities[c]))
                {
                    problems.Add($"{key}:Capabilities:{c} must be lowercase letters, digits or dashes (was '{cell.Capabilities[c]}').");
                }
            }

            if (cell.HoursAvailablePerDay is not (> 0 and <= 24))
            {
                problems.Add($"{key}:HoursAvailablePerDay must be more than 0 and at most 24 (was {cell.HoursAvailablePerDay}).");
            }

            if (string.Equals(cell.Driver, SimulatedCellDriverName, StringComparison.OrdinalIgnoreCase))
            {
                ValidateSimulated(cell.Simulated, $"{key}:Simulated", problems);
            }
            else
            {
                ValidateMachine(cell, key, problems);
            }
        }
    }

    private static void ValidateSimulated(SimulatedCellOptions sim, string key, List<string> problems)
    {
        if (sim.CycleTime <= TimeSpan.Zero)
        {
            problems.Add($"{key}:CycleTime must be positive, e.g. '00:01:30' (was '{sim.CycleTime}').");
        }

        if (sim.ChangeoverTime < TimeSpan.Zero)
        {
            problems.Add($"{key}:ChangeoverTime must not be negative (was '{sim.ChangeoverTime}').");
        }

        if (sim.InstallTime < TimeSpan.Zero)
        {
            problems.Add($"{key}:InstallTime must not be negative (was '{sim.InstallTime}').");
        }

        if (sim.ScrapRate is not (>= 0 and < 1))
        {
            problems.Add($"{key}:ScrapRate must be at least 0 and below 1, a probability per part (was {sim.ScrapRate}).");
        }

        if (!double.IsFinite(sim.ReferenceSize) || sim.ReferenceSize <= 0)
        {
            problems.Add($"{key}:ReferenceSize must be a positive number, the size at which a part takes CycleTime (was {sim.ReferenceSize}).");
        }

        if (sim.EnergyKwhPerPart is { } energy && (!double.IsFinite(energy) || energy < 0))
        {
            problems.Add($"{key}:EnergyKwhPerPart must not be negative (was {energy}).");
        }

        if (sim.SizeParameter is { Length: 0 })
        {
            problems.Add($"{key}:SizeParameter must name a design parameter, or be left out.");
        }

        if (sim.LoadedDesign is { } loaded && !sim.InstalledDesigns.Contains(loaded, StringComparer.Ordinal))
        {
            problems.Add($"{key}:LoadedDesign '{loaded}' must be one of {key}:InstalledDesigns.");
        }
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex Slug();
}
