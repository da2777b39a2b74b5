import { useEffect, useState, type DragEvent } from 'react';
import './forms.css';
import { moveItem } from './problems.js';

/**
 * An ordered list staff rearrange by dragging (HTML5 drag and drop) or with the move up / move
 * down buttons on each row (keyboard; focus stays on the moved row and a live region says where
 * it went). Optionally each row has a remove button.
 */
export function OrderList({
  id,
  label,
  items,
  describe = (item) => item,
  onChange,
  onRemove,
}: {
  id: string;
  label: string;
  items: readonly string[];
  describe?: (item: string) => string;
  onChange: (items: string[]) => void;
  onRemove?: (item: string) => void;
}) {
  const [dragFrom, setDragFrom] = useState<number | null>(null);
  const [over, setOver] = useState<number | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [focus, setFocus] = useState<{ item: string; direction: 'up' | 'down' } | null>(null);

  useEffect(() => {
    if (!focus) return;
    const index = items.indexOf(focus.item);
    const preferred = document.getElementById(`${id}-${index}-${focus.direction}`) as HTMLButtonElement | null;
    const other = document.getElementById(`${id}-${index}-${focus.direction === 'up' ? 'down' : 'up'}`) as HTMLButtonElement | null;
    (preferred && !preferred.disabled ? preferred : other)?.focus();
    setFocus(null);
  }, [focus, items, id]);

  const move = (from: number, to: number) => {
    if (to < 0 || to >= items.length || from === to) return;
    const item = items[from] as string;
    onChange(moveItem(items, from, to));
    setAnnouncement(`${describe(item)} moved to position ${to + 1} of ${items.length}.`);
  };

  const drop = (event: DragEvent<HTMLLIElement>, to: number) => {
    event.preventDefault();
    const from = dragFrom ?? Number(event.dataTransfer.getData('text/plain'));
    setDragFrom(null);
    setOver(null);
    if (Number.isInteger(from)) move(from, to);
  };

  return (
    <div className="order-list-frame">
      <ol className="order-list" id={id} aria-label={label}>
        {items.map((item, index) => (
          <li
            key={item}
            draggable
            data-item={item}
            className={over === index ? 'drag-over' : undefined}
            onDragStart={(event) => {
              setDragFrom(index);
              event.dataTransfer.effectAllowed = 'move';
              event.dataTransfer.setData('text/plain', String(index));
            }}
            onDragOver={(event) => {
              event.preventDefault();
              event.dataTransfer.dropEffect = 'move';
              setOver(index);
            }}
            onDragLeave={() => setOver((o) => (o === index ? null : o))}
            onDragEnd={() => {
              setDragFrom(null);
              setOver(null);
            }}
            onDrop={(event) => drop(event, index)}
          >
            <span className="grip" aria-hidden="true">
              ⠿
            </span>
            <span className="position">{index + 1}.</span>
            <span className="partner-name">{describe(item)}</span>
            <button
              type="button"
              id={`${id}-${index}-up`}
              className="secondary"
              aria-label={`Move ${describe(item)} up`}
              disabled={index === 0}
              onClick={() => {
                move(index, index - 1);
                setFocus({ item, direction: 'up' });
              }}
            >
              ↑ Up
            </button>
            <button
              type="button"
              id={`${id}-${index}-down`}
              className="secondary"
              aria-label={`Move ${describe(item)} down`}
              disabled={index === items.length - 1}
              onClick={() => {
                move(index, index + 1);
                setFocus({ item, direction: 'down' });
              }}
            >
              ↓ Down
            </button>
            {onRemove && (
              <button type="button" className="secondary" aria-label={`Remove ${describe(item)}`} onClick={() => onRemove(item)}>
                Remove
              </button>
            )}
          </li>
        ))}
      </ol>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}
