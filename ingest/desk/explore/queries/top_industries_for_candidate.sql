with asked as (
    select upper(trim(coalesce(nullif(:candidate, ''), 'H4FL20023'))) as candidate
),

matched as (
    select totals.*
    from fct_industry_recipient_totals as totals, asked
    where totals.recipient_type = 'candidate'
        and (totals.recipient_id = asked.candidate
             or instr(upper(totals.recipient_name), asked.candidate) > 0)
)

select
    cycle,
    recipient_id as candidate_id,
    min(recipient_name) as candidate_name,
    industry_id,
    round(sum(amount), 2) as dollars,
    round(sum(amount) filter (where channel = 'employees'), 2) as dollars_from_employees,
    round(sum(amount) filter (where channel = 'pacs'), 2) as dollars_from_pacs,
    sum(n_transactions) as n_transactions,
    (select json_group_array(committee_id) from (
        select distinct ids.value as committee_id
        from matched as same, json_each(same.recipient_committee_ids) as ids
        where same.cycle = matched.cycle and same.recipient_id = matched.recipient_id
            and same.industry_id = matched.industry_id
        order by committee_id)) as committee_ids
from matched
group by cycle, recipient_id, industry_id
order by cycle desc, dollars desc
