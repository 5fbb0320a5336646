using Microfactory.Network;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microfactory.WebConsole.Components;

/// <summary>
/// A page that stays current without a reload: it reads its data when shown and again every
/// <c>Console:RefreshInterval</c> on a timer in its circuit, until the page is left.
/// </summary>
public abstract partial class LiveComponent : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private bool _started;

    [Inject]
    private IOptions<ConsoleOptions> Options { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private ILogger<LiveComponent> Logger { get; set; } = default!;

    /// <summary>Why the last refresh failed, shown on the page; null while refreshes work.</summary>
    protected string? RefreshError { get; private set; }

    /// <summary>Why the last action (a button) failed, shown on the page.</summary>
    protected string? ActionError { get; private set; }

    /// <summary>True while an action runs: its buttons are disabled so it is not sent twice.</summary>
    protected bool Busy { get; private set; }

    protected abstract Task RefreshAsync();

    /// <summary>
    /// Runs what a button asked for. What the API would refuse with a 4xx (bad rules, a move the state forbids) is
    /// shown as is; any other failure is shown and logged, and the page and its circuit carry on.
    /// </summary>
    protected async Task ActAsync(Func<Task> action)
    {
        Busy = true;
        ActionError = null;
        try
        {
            await action();
        }
        catch (Exception e) when (e is DomainValidationException or InvalidStateException or NotFoundException)
        {
            ActionError = e.Message;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            ActionError = $"That did not work: {e.Message}";
            LogActionFailed(Logger, GetType().Name, e);
        }
        finally
        {
            Busy = false;
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        await SafeRefreshAsync();
        if (!_started)
        {
            _started = true;
            _ = TickAsync();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task TickAsync()
    {
        using var timer = new PeriodicTimer(Options.Value.RefreshInterval, Time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                await InvokeAsync(async () =>
                {
                    await SafeRefreshAsync();
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
            // the page was left
        }
    }

    // The page stays up with what it showed last and says why it could not update (a silo going away, say).
    private async Task SafeRefreshAsync()
    {
        try
        {
            await RefreshAsync();
            RefreshError = null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            RefreshError = e.Message;
            LogRefreshFailed(Logger, GetType().Name, e);
        }
    }

    [LoggerMessage(EventId = 9102, Level = LogLevel.Warning, Message = "Console page {Page}: an action failed")]
    private static partial void LogActionFailed(ILogger logger, string page, Exception exception);

    [LoggerMessage(EventId = 9101, Level = LogLevel.Warning, Message = "Console page {Page} could not refresh")]
    private static partial void LogRefreshFailed(ILogger logger, string page, Exception exception);
}
