using System.CommandLine;
using System.Net.Http.Json;
using Microfactory.Cli.Api;
using Microfactory.Cli.Output;
using Spectre.Console;

namespace Microfactory.Cli.Commands;

/// <summary><c>mf cells confirm|maintenance</c>: what a remote operator or a maintenance planner does to one cell.</summary>
public static class CellCommands
{
    public static Command Create(GlobalOptions globals, CliIO io, TimeProvider time)
    {
        var cells = new Command("cells", "One cell of a site: remote operator confirmation, maintenance windows and log");
        cells.Subcommands.Add(Confirm(globals, io));
        var maintenance = new Command("maintenance", "A cell's planned maintenance windows and its maintenance log");
        maintenance.Subcommands.Add(Plan(globals, io, time));
        maintenance.Subcommands.Add(Clear(globals, io));
        maintenance.Subcommands.Add(Record(globals, io, time));
        maintenance.Subcommands.Add(Log(globals, io));
        cells.Subcommands.Add(maintenance);
        return cells;
    }

    private static Command Confirm(GlobalOptions globals, CliIO io)
    {
        var (site, cell) = CellArguments();
        var note = new Option<string?>("--note") { Description = "What the factory should know (e.g. \"bed cleared\")" };
        var command = new Command("confirm", "Confirm that a cell waiting for its operator is clear: the agent opens the gate and the next job may start") { site, cell, note };
        return command.Runs(globals, io, (context, ct) => context.PrintAsync<OperatorConfirmation>(
            context.Api.PostAsync($"{CellPath(context, site, cell)}/operator-confirmation", new { note = context.Value(note) }, ct),
            c => context.Console.MarkupLine(
                $"Confirmed cell [bold]{Show.Text(c.CellId)}[/] of {Show.Text(c.SiteId)} as {Show.Text(c.ConfirmedBy)} at {Show.Time(c.ConfirmedAt)} (message {c.Sequence}); the agent opens the gate when it receives it.")));
    }

    private static Command Plan(GlobalOptions globals, CliIO io, TimeProvider time)
    {
        var (site, cell) = CellArguments();
        var from = new Option<DateTimeOffset?>("--from") { Description = "When the window starts: a date and time or a time from now (90m, 2h, 1d); now when absent", CustomParser = r => TimeArgument.Parse(r, time, "--from") };
        var until = new Option<DateTimeOffset>("--until") { Description = "When it ends: a date and time or a time from now (90m, 2h, 1d)", Required = true, CustomParser = r => TimeArgument.Parse(r, time, "--until") };
        var reason = new Option<string>("--reason") { Description = "Why, for the maintenance log and the network view", Required = true };
        var command = new Command("plan", "Plan (or replace) a maintenance window: no new work for the cell inside it; running work finishes, queued work stays") { site, cell, from, until, reason };
        return command.Runs(globals, io, (context, ct) => context.PrintAsync<CellMaintenanceView>(
            context.Api.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"{CellPath(context, site, cell)}/maintenance")
            {
                Content = JsonContent.Create(new { from = context.Value(from), until = context.Value(until), reason = context.Value(reason) }, options: ApiResponse.Json),
            }, ct),
            c => context.Console.MarkupLine(c.Maintenance is { } w
                ? $"Cell [bold]{Show.Text(c.Id)}[/] of {Show.Text(c.SiteId)}: maintenance {Show.Time(w.From)} to {Show.Time(w.Until)} ({Show.Text(w.Reason)}); routing sends it no new work inside the window."
                : $"Cell [bold]{Show.Text(c.Id)}[/] of {Show.Text(c.SiteId)}: no maintenance window.")));
    }

    private static Command Clear(GlobalOptions globals, CliIO io)
    {
        var (site, cell) = CellArguments();
        var command = new Command("clear", "Clear a cell's maintenance window: routing may send it work again") { site, cell };
        return command.Runs(globals, io, (context, ct) => context.PrintAsync<CellMaintenanceView>(
            context.Api.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"{CellPath(context, site, cell)}/maintenance"), ct),
            c => context.Console.MarkupLine($"Cell [bold]{Show.Text(c.Id)}[/] of {Show.Text(c.SiteId)} has no maintenance window: routing may send it work again.")));
    }

    private static Command Record(GlobalOptions globals, CliIO io, TimeProvider time)
    {
        var (site, cell) = CellArguments();
        var reason = new Option<string>("--reason") { Description = "Why the work was done (e.g. \"spindle bearing noise\")", Required = true };
        var parts = new Option<string[]>("--part") { Description = "A part replaced; repeat for each", AllowMultipleArgumentsPerToken = false };
        var notes = new Option<string?>("--notes") { Description = "Anything else worth keeping" };
        var at = new Option<DateTimeOffset?>("--at") { Description = "When the work was done (a date and time); now when absent", CustomParser = r => TimeArgument.Parse(r, time, "--at") };
        var command = new Command("record", "Record maintenance work done on a cell in its log; who did it is the API key's name") { site, cell, reason, parts, notes, at };
        return command.Runs(globals, io, (context, ct) => context.PrintAsync<MaintenanceLogEntry>(
            context.Api.PostAsync($"{CellPath(context, site, cell)}/maintenance-log",
                new { reason = context.Value(reason), partsReplaced = context.Value(parts) ?? [], notes = context.Value(notes), at = context.Value(at) }, ct),
            e => context.Console.MarkupLine($"Recorded entry {e.Number} for cell [bold]{Show.Text(context.Value(cell))}[/]: {Show.Text(e.Reason)}{(e.PartsReplaced.Count > 0 ? $", parts replaced: {Show.Text(string.Join(", ", e.PartsReplaced))}" : "")}.")));
    }

    private static Command Log(GlobalOptions globals, CliIO io)
    {
        var (site, cell) = CellArguments();
        var command = new Command("log", "A cell's maintenance log, oldest first: planned and cleared windows, work done, parts replaced") { site, cell };
        return command.Runs(globals, io, (context, ct) => context.PrintAsync<List<MaintenanceLogEntry>>(
            context.Api.GetAsync($"{CellPath(context, site, cell)}/maintenance-log", ct),
            entries =>
            {
                var table = Show.Table("#", "At", "Kind", "By", "Reason", "Parts replaced", "Notes");
                foreach (var e in entries)
                {
                    table.AddRow(e.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), Show.Time(e.At), Show.Text(e.Kind), Show.Text(e.By),
                        Show.Text(e.Reason), Show.Text(string.Join(", ", e.PartsReplaced)), Show.Text(e.Notes));
                }

                context.Console.Write(table);
                context.Console.MarkupLine($"{entries.Count} entries");
            }));
    }

    private static (Argument<string> Site, Argument<string> Cell) CellArguments() =>
        (new Argument<string>("site-id") { Description = "The site" }, new Argument<string>("cell-id") { Description = "The cell at that site" });

    private static string CellPath(CommandContext context, Argument<string> site, Argument<string> cell) =>
        $"/api/sites/{Uri.EscapeDataString(context.Value(site))}/cells/{Uri.EscapeDataString(context.Value(cell))}";
}
