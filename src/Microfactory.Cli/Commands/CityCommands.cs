using System.CommandLine;
using Microfactory.Cli.Api;
using Microfactory.Cli.Output;
using Spectre.Console;

namespace Microfactory.Cli.Commands;

/// <summary><c>mf cities</c>: load per city, utilisation as bars.</summary>
public static class CityCommands
{
    public static Command Create(GlobalOptions globals, CliIO io)
    {
        var command = new Command("cities", "Load per city: sites, capacity, backlog, utilisation, orders at risk of being late");
        return command.Runs(globals, io, async (context, ct) =>
        {
            var response = await context.Api.GetAsync("/api/cities", ct);
            if (context.PrintedJson(response))
            {
                return ExitCodes.Ok;
            }

            var cities = response.Read<List<City>>();
            var table = Show.Table("City", "Sites online", "Capacity h/day", "Backlog h", "Utilisation", "Orders at its sites", "At risk");
            foreach (var c in cities.OrderBy(c => c.Id, StringComparer.Ordinal))
            {
                table.AddRow(
                    $"{Show.Text(c.Id)} [grey]{Show.Text(c.Name)}[/]", $"{c.SitesOnline}/{c.Sites}",
                    Show.Number(c.CapacityHoursPerDay, "0.#"), Show.Number(c.BacklogHours, "0.#"), Show.Utilisation(c.Utilisation),
                    Show.Text(string.Join(" ", c.OrdersAtSites.Where(kv => kv.Value > 0).Select(kv => $"{kv.Key}={kv.Value}"))),
                    c.OrdersAtRisk > 0 ? $"[red]{c.OrdersAtRisk}[/]" : "0");
            }

            context.Console.Write(table);
            return ExitCodes.Ok;
        });
    }
}
