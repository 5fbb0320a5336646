using Microfactory.Cli.Api;
using Microfactory.Cli.Output;
using Spectre.Console;

namespace Microfactory.Cli.Commands;

/// <summary>
/// <c>mf rollouts show ID --watch</c>: a progress bar per wave, refreshed every interval until the rollout ends
/// (Completed, Aborted or RolledBack). With --json, each new answer is printed as one line.
/// </summary>
public static class RolloutWatch
{
    public static async Task<Rollout> RunAsync(CommandContext context, string path, TimeSpan interval, TimeProvider time, CancellationToken ct)
    {
        var response = await context.Api.GetAsync(path, ct);
        if (context.Json)
        {
            var last = response.Body;
            context.IO.Out.WriteLine(last);
            while (!response.Read<Rollout>().HasEnded)
            {
                await Task.Delay(interval, time, ct);
                response = await context.Api.GetAsync(path, ct);
                if (response.Body != last)
                {
                    context.IO.Out.WriteLine(last = response.Body);
                }
            }

            return response.Read<Rollout>();
        }

        var rollout = response.Read<Rollout>();
        await context.IO.ErrorConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var bars = rollout.Waves.ToDictionary(w => w.Index, w => progress.AddTask(RolloutView.Describe(w), maxValue: Math.Max(w.Sites, 1)));
                while (true)
                {
                    foreach (var wave in rollout.Waves)
                    {
                        var bar = bars[wave.Index];
                        bar.Description = RolloutView.Describe(wave);
                        bar.Value = wave.Installed + wave.Failed;
                    }

                    if (rollout.HasEnded)
                    {
                        foreach (var bar in bars.Values)
                        {
                            bar.StopTask();
                        }

                        return;
                    }

                    await Task.Delay(interval, time, ct);
                    rollout = (await context.Api.GetAsync(path, ct)).Read<Rollout>();
                }
            });
        return rollout;
    }
}
