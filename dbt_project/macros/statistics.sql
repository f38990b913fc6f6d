{# Uncertainty of the marts' shares (docs/methodology.md#uncertainty), stated once. #}

{#
  One bound of the 95% Wilson score interval of a binomial proportion: `successes` of `n`
  people (Wilson 1927; Brown, Cai and DasGupta 2001), z = 1.959963984540054 (the 97.5%
  quantile of the standard normal):

      centre = (p + z²/2n) / (1 + z²/n)
      half   = z / (1 + z²/n) · sqrt(p(1 − p)/n + z²/4n²),      p = successes / n

  bound 'low' gives centre − half, 'high' gives centre + half. n = 0 or null, or successes
  null: null. successes = 0 gives a low of exactly 0 and successes = n a high of exactly 1
  (the formula gives them up to rounding); both stay within [0, 1].

  It covers the sampling variation of a proportion only: not linking errors, unknown careers
  or education, nor the choice of the population.
#}
{% macro wilson_interval(successes, n, bound) -%}
    {%- if bound not in ('low', 'high') -%}
        {{ exceptions.raise_compiler_error("wilson_interval: bound must be 'low' or 'high', not " ~ bound) }}
    {%- endif -%}
    {%- set z = 'cast(1.959963984540054 as double)' -%}
    {%- set s = 'cast(' ~ successes ~ ' as double)' -%}
    {%- set m = 'cast(' ~ n ~ ' as double)' -%}
    {%- set p = '(' ~ s ~ ' / ' ~ m ~ ')' -%}
    {%- set z2 = '(' ~ z ~ ' * ' ~ z ~ ')' -%}
    {%- set centre = '((' ~ p ~ ' + ' ~ z2 ~ ' / (2 * ' ~ m ~ ')) / (1 + ' ~ z2 ~ ' / ' ~ m ~ '))' -%}
    {%- set half = '(' ~ z ~ ' / (1 + ' ~ z2 ~ ' / ' ~ m ~ ') * sqrt(' ~ p ~ ' * (1 - ' ~ p ~ ') / ' ~ m ~ ' + ' ~ z2 ~ ' / (4 * ' ~ m ~ ' * ' ~ m ~ ')))' -%}
    (case
        when {{ n }} is null or {{ n }} <= 0 or {{ successes }} is null then null
    {%- if bound == 'low' %}
        when {{ successes }} <= 0 then cast(0 as double)
        else greatest(cast(0 as double), {{ centre }} - {{ half }})
    {%- else %}
        when {{ successes }} >= {{ n }} then cast(1 as double)
        else least(cast(1 as double), {{ centre }} + {{ half }})
    {%- endif %}
    end)
{%- endmacro %}
