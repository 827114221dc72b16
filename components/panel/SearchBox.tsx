/** Search over the events; plain text or /regex/flags. The invalid-regex message is shown inline. */
import type { KeyboardEvent, RefObject } from 'react';

export interface SearchBoxProps {
  value: string;
  onChange: (text: string) => void;
  error: string | null;
  inputRef: RefObject<HTMLInputElement | null>;
  /** Escape on an empty box hands over to the list (clears the selection) */
  onEscapeWhenEmpty: () => void;
}

export function SearchBox({ value, onChange, error, inputRef, onEscapeWhenEmpty }: SearchBoxProps) {
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    if (value !== '') onChange('');
    else {
      inputRef.current?.blur();
      onEscapeWhenEmpty();
    }
  };
  return (
    <div className="search">
      <input
        ref={inputRef}
        type="search"
        className={error ? 'search__input search__input--error' : 'search__input'}
        placeholder="Search  ( / )   text or /regex/i"
        aria-label="Search events"
        aria-invalid={error !== null}
        aria-describedby={error ? 'search-error' : undefined}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={onKeyDown}
      />
      {error && (
        <span id="search-error" className="search__error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
