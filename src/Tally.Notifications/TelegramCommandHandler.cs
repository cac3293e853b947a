using Tally.Api.Queries;
using Tally.Core.Attribution;
using Tally.Engine.Risk;

namespace Tally.Notifications;

/// <summary>
/// Answers a chat command: reads through <see cref="IApiQueries"/> (the one home of reads), acts through
/// <see cref="OperatorActions"/> (the one home of operator actions, audited as <c>telegram &lt;chat&gt;</c>).
/// </summary>
public sealed class TelegramCommandHandler(IApiQueries queries, OperatorActions actions, TimeProvider time)
{
    public async Task<string> AnswerAsync(TelegramCommand command, long chat, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var by = $"telegram {chat}";
        switch (command.Kind)
        {
            case TelegramCommandKind.Status:
                return CommandReplies.Status(await queries.StrategyPositionsAsync(new HashSet<StrategyPositionStatus> { StrategyPositionStatus.Open, StrategyPositionStatus.Partial }, null, cancellationToken));
            case TelegramCommandKind.Profit:
                return CommandReplies.Profit(await queries.StrategyPositionsAsync(null, null, cancellationToken));
            case TelegramCommandKind.Performance:
                return CommandReplies.Performance(await queries.StrategiesAsync(cancellationToken));
            case TelegramCommandKind.Daily:
                return CommandReplies.Daily(await queries.StrategyPositionsAsync(null, null, cancellationToken), DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
            case TelegramCommandKind.Balance:
                return CommandReplies.Balance(await queries.RiskStatusAsync(cancellationToken));
            case TelegramCommandKind.ForceExit:
                return command.Argument is { Length: > 0 } id
                    ? CommandReplies.Outcome(await actions.CloseAsync(id, by, cancellationToken))
                    : "Usage: /forceexit ID (a strategy position id, or an exchange position key such as BTCUSDT_LONG; /status lists them)";
            case TelegramCommandKind.StopEntry:
                return CommandReplies.Outcome(await actions.StopEntriesAsync(by, cancellationToken));
            case TelegramCommandKind.Stop:
                return CommandReplies.Outcome(await actions.StopAsync(by, cancellationToken));
            case TelegramCommandKind.Start:
                var started = CommandReplies.Outcome(await actions.StartAsync(by, cancellationToken));
                return await queries.RiskStatusAsync(cancellationToken) is { Breaker.Halted: true }
                    ? started + " The drawdown breaker's halt is still on: tally risk reset clears it."
                    : started;
            case TelegramCommandKind.Help:
                return CommandReplies.Help;
        }

        return CommandReplies.Help;
    }
}
