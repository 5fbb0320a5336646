using System.CommandLine;
using Microfactory.Cli.Api;
using Microfactory.Cli.Output;
using Spectre.Console;

namespace Microfactory.Cli.Commands;

/// <summary><c>mf rollouts start|list|show|pause|resume|abort|rollback</c>: staged rollouts of design versions.</summary>
public static class RolloutCommands
{
    public static Command Create(GlobalOptions globals, CliIO io, TimeProvider time)
    {
        var rollouts = new Command("rollouts", "Staged rollouts of design versions (starting and steering them needs an admin key)");
        rollouts.Subcommands.Add(Start(globals, io));
        rollouts.Subcommands.Add(List(globals, io));
        rollouts.Subcommands.Add(ShowRollout(globals, io, time));
        rollouts.Subcommands.Add(Steer("pause", "Pause: no new instructions go out, statuses are still read", withReason: false, globals, io));
        rollouts.Subcommands.Add(Steer("resume", "Resume a paused rollout", withReason: false, globals, io));
        rollouts.Subcommands.Add(Steer("abort", "Abort where it is; sites keep what they installed", withReason: true, globals, io));
        rollouts.Subcommands.Add(Steer("rollback", "Abort and return every instructed site to its previous version", withReason: true, globals, io));
        return rollouts;
    }

    private static Argument<string> RolloutId() => new("rollout-id") { Description = "The rollout's id" };

    private static string PathOf(string id) => $"/api/rollouts/{Uri.EscapeDataString(id)}";

    private static Command Start(GlobalOptions globals, CliIO io)
    {
        var design = new Option<string>("--design") { Description = "The version to roll out, product@version; its uploaded bundle is what goes out", Required = true };
        var id = new Option<string?>("--id") { Description = "The rollout's id (default: derived from the idempotency key)" };
        var cities = new Option<string[]>("--city") { Description = "Only sites in these cities", AllowMultipleArgumentsPerToken = true };
        var canarySites = new Option<string[]>("--canary-site") { Description = "Explicit canary sites", AllowMultipleArgumentsPerToken = true };
        var canaryCount = new Option<int?>("--canary-count") { Description = "Canary wave size when no --canary-site is given (default 1; 0 = none)" };
        var steps = new Option<int[]>("--steps") { Description = "Cumulative percentages after the canary, ending at 100 (default 10 50 100)", AllowMultipleArgumentsPerToken = true };
        var success = new Option<int?>("--success-threshold") { Description = "Percent of a wave's sites that must install before the next wave (default 100)" };
        var errors = new Option<int?>("--error-threshold") { Description = "Failed sites that abort and roll back the rollout (default 1)" };
        var waveTimeout = new Option<TimeSpan?>("--wave-timeout") { Description = "A wave not done this long after it started aborts the rollout (hh:mm:ss)" };
        var key = new Option<string?>("--idempotency-key") { Description = "Makes a retry safe (default: a new key, printed)" };
        var command = new Command("start", "Start a staged rollout of a design version")
        {
            design, id, cities, canarySites, canaryCount, steps, success, errors, waveTimeout, key,
        };
        return command.Runs(globals, io, async (context, ct) =>
        {
            var idempotencyKey = context.Value(key) ?? "mf-" + Guid.NewGuid().ToString("N");
            if (context.Value(id) is null)
            {
                context.Note($"Idempotency-Key: {idempotencyKey} (to retry without starting twice: --idempotency-key {idempotencyKey})");
            }

            var body = new
            {
                id = context.Value(id),
                design = context.Value(design),
                cities = NullIfEmpty(context.Value(cities)),
                canarySites = NullIfEmpty(context.Value(canarySites)),
                canaryCount = context.Value(canaryCount),
                steps = NullIfEmpty(context.Value(steps)),
                successThresholdPercent = context.Value(success),
                errorThreshold = context.Value(errors),
                waveTimeout = context.Value(waveTimeout),
            };
            var response = await context.Api.PostAsync("/api/rollouts", body, ct, idempotencyKey);
            if (!context.PrintedJson(response))
            {
                var rollout = response.Read<Rollout>();
                RolloutView.Render(context.Console, rollout);
                context.Console.MarkupLine($"Follow it: [bold]mf rollouts show {Markup.Escape(rollout.Id)} --watch[/]");
            }

            return ExitCodes.Ok;
        });
    }

    private static Command List(GlobalOptions globals, CliIO io)
    {
        var command = new Command("list", "Every rollout, newest first");
        return command.Runs(globals, io, async (context, ct) =>
        {
            var response = await context.Api.GetAsync("/api/rollouts", ct);
            if (context.PrintedJson(response))
            {
                return ExitCodes.Ok;
            }

            var table = Show.Table("Rollout", "Design", "Phase", "Wave", "Installed", "Failed", "Created");
            foreach (var r in response.Read<List<RolloutSummary>>())
            {
                table.AddRow(Show.Text(r.Id), Show.Text(r.Design), Show.State(r.Phase), $"{Math.Min(r.CurrentWave + 1, r.Waves)}/{r.Waves}",
                    $"{r.Installed}/{r.Sites}", r.Failures.ToString(System.Globalization.CultureInfo.InvariantCulture), Show.Time(r.CreatedAt));
            }

            context.Console.Write(table);
            return ExitCodes.Ok;
        });
    }

    private static Command ShowRollout(GlobalOptions globals, CliIO io, TimeProvider time)
    {
        var id = RolloutId();
        var watch = new Option<bool>("--watch", "-w") { Description = "Follow it with a progress bar per wave until it ends; exit 0 if it completed, 7 if not" };
        var interval = new Option<TimeSpan>("--interval")
        {
            Description = "How often --watch asks",
            DefaultValueFactory = _ => TimeSpan.FromSeconds(2),
        };
        interval.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<TimeSpan>() is var value && (value < TimeSpan.FromMilliseconds(100) || value > TimeSpan.FromHours(1)))
            {
                r.AddError("--interval must be between 00:00:00.1 and 01:00:00.");
            }
        });
        var command = new Command("show", "A rollout's waves and per-site status; --watch follows it live") { id, watch, interval };
        return command.Runs(globals, io, async (context, ct) =>
        {
            var path = PathOf(context.Value(id));
            if (!context.Value(watch))
            {
                var response = await context.Api.GetAsync(path, ct);
                if (!context.PrintedJson(response))
                {
                    RolloutView.Render(context.Console, response.Read<Rollout>());
                }

                return ExitCodes.Ok;
            }

            var ended = await RolloutWatch.RunAsync(context, path, context.Value(interval), time, ct);
            if (!context.Json)
            {
                RolloutView.Render(context.Console, ended);
            }

            return ended.Phase == "Completed" ? ExitCodes.Ok : ExitCodes.RolloutNotCompleted;
        });
    }

    private static Command Steer(string action, string description, bool withReason, GlobalOptions globals, CliIO io)
    {
        var id = RolloutId();
        var reason = new Option<string?>("--reason") { Description = "Why (shown on the rollout)" };
        var command = new Command(action, description) { id };
        if (withReason)
        {
            command.Options.Add(reason);
        }

        return command.Runs(globals, io, async (context, ct) =>
        {
            return await context.PrintAsync<Rollout>(context.Api.PostAsync($"{PathOf(context.Value(id))}/{action}", withReason ? new { reason = context.Value(reason) } : null, ct),
                answer => RolloutView.Render(context.Console, answer));
        });
    }

    private static T[]? NullIfEmpty<T>(T[]? values) => values is { Length: > 0 } ? values : null;
}
