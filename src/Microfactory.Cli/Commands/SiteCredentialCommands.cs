using System.CommandLine;
using Microfactory.Cli.Api;
using Microfactory.Cli.Output;
using Spectre.Console;

namespace Microfactory.Cli.Commands;

/// <summary>
/// <c>mf sites enrol</c> and <c>mf sites credential show|rotate|revoke</c> (admin key): a site's agent credentials
/// (docs/agent-protocol.md, "Site credentials"). A secret goes to standard output alone, so <c>$(mf sites enrol x)</c>
/// captures just it; everything else is a note on standard error.
/// </summary>
public static class SiteCredentialCommands
{
    public static Command Enrol(GlobalOptions globals, CliIO io)
    {
        var id = new Argument<string>("site-id") { Description = "The registered site whose agent is to enrol" };
        var expiresIn = new Option<TimeSpan?>("--expires-in") { Description = "How long the token works (hh:mm:ss, 00:01:00 to 1.00:00:00); the orchestrator's default (15 minutes) when absent" };
        var command = new Command("enrol", "Create a one-time enrolment token for a site's agent (Agent__EnrolmentToken); it is shown only now") { id, expiresIn };
        return command.Runs(globals, io, async (context, ct) =>
        {
            var site = context.Value(id);
            var response = await context.Api.PostAsync($"/api/sites/{Uri.EscapeDataString(site)}/enrolment-tokens", new { expiresIn = context.Value(expiresIn) }, ct);
            if (context.PrintedJson(response))
            {
                return ExitCodes.Ok;
            }

            var token = response.Read<EnrolmentToken>();
            context.IO.Out.WriteLine(token.Token);
            context.Note($"One-time enrolment token for site {token.SiteId} (id {token.Id}), valid until {Show.Time(token.ExpiresAt)}. " +
                "Start the site agent once with Agent__EnrolmentToken set to it; it is not shown again.");
            return ExitCodes.Ok;
        });
    }

    public static Command Credential(GlobalOptions globals, CliIO io)
    {
        var credential = new Command("credential", "A site's agent credentials: show, rotate, revoke (admin)");
        credential.Subcommands.Add(ShowCommand(globals, io));
        credential.Subcommands.Add(Rotate(globals, io));
        credential.Subcommands.Add(Revoke(globals, io));
        return credential;
    }

    private static Command ShowCommand(GlobalOptions globals, CliIO io)
    {
        var id = new Argument<string>("site-id") { Description = "The site" };
        var command = new Command("show", "The site's credentials and open enrolment tokens (ids and times, never secrets)") { id };
        return command.Runs(globals, io, (context, ct) =>
            context.PrintAsync<SiteCredentials>(context.Api.GetAsync($"/api/sites/{Uri.EscapeDataString(context.Value(id))}/credential", ct), view => Render(context, view)));
    }

    private static Command Rotate(GlobalOptions globals, CliIO io)
    {
        var id = new Argument<string>("site-id") { Description = "The site" };
        var grace = new Option<TimeSpan?>("--grace") { Description = "How long the previous credentials keep working (hh:mm:ss or d.hh:mm:ss, up to 30 days; 00:00:00 refuses them now); the orchestrator's default (24 hours) when absent" };
        var command = new Command("rotate", "Issue a new credential for the site (shown only now); the previous ones work for the grace period") { id, grace };
        return command.Runs(globals, io, async (context, ct) =>
        {
            var response = await context.Api.PostAsync($"/api/sites/{Uri.EscapeDataString(context.Value(id))}/credential/rotate", new { grace = context.Value(grace) }, ct);
            if (context.PrintedJson(response))
            {
                return ExitCodes.Ok;
            }

            var rotated = response.Read<RotatedCredential>();
            context.IO.Out.WriteLine(rotated.Credential);
            var retiring = rotated.Site.Credentials.Where(c => c.RetiresAt is not null).Select(c => c.RetiresAt!.Value).DefaultIfEmpty().Max();
            context.Note($"New credential for site {rotated.SiteId} (id {rotated.Id}); it is not shown again. Write it into the agent's " +
                $"<state directory>/site-credential{(retiring == default ? "." : $" before {Show.Time(retiring)}, when the previous credentials are refused.")}");
            return ExitCodes.Ok;
        });
    }

    private static Command Revoke(GlobalOptions globals, CliIO io)
    {
        var id = new Argument<string>("site-id") { Description = "The site" };
        var reason = new Option<string?>("--reason") { Description = "Why, sent to the agent with its stream's end" };
        var command = new Command("revoke", "Refuse every credential and open enrolment token of the site now; its agent's stream is closed") { id, reason };
        return command.Runs(globals, io, (context, ct) =>
            context.PrintAsync<SiteCredentials>(context.Api.PostAsync($"/api/sites/{Uri.EscapeDataString(context.Value(id))}/credential/revoke", new { reason = context.Value(reason) }, ct), view =>
            {
                context.Console.MarkupLine($"Site [bold]{Show.Text(view.SiteId)}[/]: every credential is refused; its agent's stream was closed. Enrol it again with [bold]mf sites enrol {Show.Text(view.SiteId)}[/].");
            }));
    }

    private static void Render(CommandContext context, SiteCredentials view)
    {
        var table = Show.Table("Kind", "Id", "Since", "Until", "By");
        foreach (var c in view.Credentials)
        {
            table.AddRow("credential", Show.Text(c.Id), Show.Time(c.IssuedAt), c.RetiresAt is { } r ? $"retires {Show.Time(r)}" : "current", Show.Text(c.IssuedBy));
        }

        foreach (var t in view.EnrolmentTokens)
        {
            table.AddRow("enrolment token", Show.Text(t.Id), Show.Time(t.CreatedAt), t.UsedAt is { } u ? $"used {Show.Time(u)}" : $"expires {Show.Time(t.ExpiresAt)}", Show.Text(t.CreatedBy));
        }

        context.Console.Write(table);
        if (view.RevokedAt is { } revoked)
        {
            context.Console.MarkupLine($"Last revoked {Show.Time(revoked)}.");
        }
    }
}
